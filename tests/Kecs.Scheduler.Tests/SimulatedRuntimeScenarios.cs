namespace Kecs.Scheduler.Tests;

public sealed class SimulatedRuntimeScenarios
{
    [Fact]
    public async Task A_simulated_task_runs_says_so_and_stops_with_exit_code_zero()
    {
        await using var rig = SchedulerRig.Simulated();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Fargate, TaskDefinitions.FargateNetwork))["taskArn"].Text();

        var running = await rig.WaitForStatusAsync(arn, "RUNNING");
        Assert.Contains(running["attributes"]!.AsArray(), a => a!["name"].Text() == "kecs.runtime" && a["value"].Text() == "simulated");
        Assert.Equal("ATTACHED", running["attachments"]![0]!["status"].Text());
        Assert.Contains(running["attachments"]![0]!["details"]!.AsArray(), d => d!["name"].Text() == "privateIPv4Address");
        Assert.NotNull(running["containers"]![0]!["networkInterfaces"]![0]!["privateIpv4Address"]);

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}", "reason": "done here"}""");
        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal(0, stopped["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.Equal("done here", stopped["stoppedReason"].Text());
    }

    [Fact]
    public async Task A_task_stopped_before_it_started_never_runs()
    {
        await using var rig = SchedulerRig.Simulated(new() { ["Scheduler:Simulated:PendingDelay"] = "00:00:10" });
        var task = await rig.RunTaskAsync(TaskDefinitions.Web);
        var arn = task["taskArn"].Text();
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Null(stopped["startedAt"]);
        Assert.Null(stopped["containers"]![0]!["exitCode"]);
    }
}
