using System.Text.Json.Nodes;

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

    [Fact]
    public async Task An_essential_container_whose_script_exits_stops_its_task_with_that_exit_code()
    {
        await using var rig = SchedulerRig.Simulated();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web,
            """, "overrides": {"containerOverrides": [{"name": "nginx", "command": ["sh", "-c", "sleep 0.3; exit 3"]}]}"""))["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal("EssentialContainerExited", stopped["stopCode"].Text());
        Assert.Equal("Essential container in task exited: nginx (exit code 3)", stopped["stoppedReason"].Text());
        Assert.Equal(3, stopped["containers"]![0]!["exitCode"]!.GetValue<int>());
        Assert.True(Seconds(stopped, "stoppedAt") - Seconds(stopped, "startedAt") >= 0.29);
    }

    [Fact]
    public async Task A_non_essential_container_that_exits_leaves_its_task_running()
    {
        await using var rig = SchedulerRig.Simulated();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.WebWithSidecar,
            """, "overrides": {"containerOverrides": [{"name": "logger", "command": ["exit", "1"]}]}"""))["taskArn"].Text();

        var sidecarDone = await rig.WaitForTaskAsync(arn, t => t["containers"]!.AsArray().Any(c => c!["exitCode"] is not null), "the sidecar exited");
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");
        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal("RUNNING", sidecarDone["lastStatus"].Text());
        Assert.Equal("RUNNING", Container(sidecarDone, "app")["lastStatus"].Text());
        Assert.Equal("STOPPED", Container(sidecarDone, "logger")["lastStatus"].Text());
        Assert.Equal(1, Container(stopped, "logger")["exitCode"]!.GetValue<int>());
        Assert.Equal(0, Container(stopped, "app")["exitCode"]!.GetValue<int>());
        Assert.Equal("UserInitiated", stopped["stopCode"].Text());
    }

    [Fact]
    public async Task An_image_from_an_invalid_registry_fails_the_start_with_CannotPullContainerError()
    {
        await using var rig = SchedulerRig.Simulated();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web.Replace("nginx:1.25", "registry.invalid/nginx:1.25")))["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.StartsWith("CannotPullContainerError: ", stopped["stoppedReason"].Text());
        Assert.Contains("registry.invalid/nginx:1.25", stopped["stoppedReason"].Text());
        Assert.Equal(stopped["stoppedReason"].Text(), stopped["containers"]![0]!["reason"].Text());
        Assert.Null(stopped["startedAt"]);
        Assert.Null(stopped["containers"]![0]!["exitCode"]);
    }

    [Fact]
    public async Task A_revision_whose_container_exits_trips_the_circuit_breaker_and_rolls_back()
    {
        await using var rig = SchedulerRig.Simulated();
        await ServiceSteps.CreateServiceAsync(rig, desiredCount: 2,
            """, "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}""");
        await ServiceSteps.WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the first deployment completed");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web.Replace("\"memory\": 128,", "\"memory\": 128, \"command\": [\"sh\", \"-c\", \"exit 1\"],"));

        var broken = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}"""))
            ["service"]!["deployments"]![0]!["id"].Text();
        var rolledBack = await ServiceSteps.WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED"
                 && s["taskDefinition"].Text().EndsWith("web:1", StringComparison.Ordinal) && ServiceSteps.Running(s) == 2,
            "rolled back to web:1");

        Assert.Contains(ServiceSteps.Events(rolledBack), e => e == $"(service websvc) (deployment {broken}) deployment failed: tasks failed to start.");
        var failed = (await ServiceSteps.AllServiceTasksAsync(rig)).Where(t => t["taskDefinitionArn"].Text().EndsWith("web:2", StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count >= 3, $"{failed.Count} tasks of web:2 ran");
        Assert.All(failed, t => Assert.Equal("EssentialContainerExited", t["stopCode"].Text()));
        Assert.All(failed, t => Assert.Equal(1, t["containers"]![0]!["exitCode"]!.GetValue<int>()));
    }

    private static JsonNode Container(JsonNode task, string name) => task["containers"]!.AsArray().Single(c => c!["name"].Text() == name)!;

    private static double Seconds(JsonNode task, string member) => task[member]!.GetValue<double>();
}
