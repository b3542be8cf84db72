namespace Kecs.Scheduler.Tests;

/// <summary>
/// How many DuckDB commits a task's life costs on the simulated runtime, counted by EcsApi's kecs_storage_commits_total.
/// Each acknowledged write is its own commit (DESIGN decision 2), so the count is what a user waits for: RunTask's answer,
/// the task RUNNING (one report, the simulated runtime reports no PENDING of its own), StopTask's answer, the task STOPPED.
/// </summary>
public sealed class TaskLifecycleCommitScenarios
{
    [Fact]
    public async Task RunTask_RUNNING_StopTask_STOPPED_is_four_commits()
    {
        await using var rig = SchedulerRig.Simulated();
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        var before = await rig.EcsApi.StorageCommitsAsync();

        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");
        // Nothing else commits while the task runs: RunTask and the report that it runs.
        var running = await rig.EcsApi.StorageCommitsAsync();
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");
        await rig.WaitForStatusAsync(arn, "STOPPED");
        var stopped = await rig.EcsApi.StorageCommitsAsync();

        Assert.Equal((2, 4), (running - before, stopped - before));
    }

    [Fact]
    public async Task A_task_stopped_before_it_runs_costs_three_commits()
    {
        await using var rig = SchedulerRig.Simulated(new() { ["Scheduler:Simulated:PendingDelay"] = "00:00:10" });
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        var before = await rig.EcsApi.StorageCommitsAsync();

        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");
        await rig.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal(3, await rig.EcsApi.StorageCommitsAsync() - before);
    }
}
