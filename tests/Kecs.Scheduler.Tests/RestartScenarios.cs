using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>What changed while the Scheduler was down is converged when it comes back.</summary>
public sealed class RestartScenarios
{
    [Fact]
    public async Task A_task_stopped_while_the_Scheduler_was_down_loses_its_pod_on_restart()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");
        await rig.StopSchedulerAsync();

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}", "reason": "while you were out"}""");
        rig.StartScheduler();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("while you were out", stopped["stoppedReason"].Text());
        Assert.Empty(rig.Kube!.Pods());
    }

    [Fact]
    public async Task A_pod_that_vanished_while_the_Scheduler_was_down_stops_its_task_on_restart()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForTaskAsync(arn, t => t["lastStatus"].Text() == "RUNNING" && t["attributes"]!.AsArray().Count > 0, "RUNNING on kubernetes");
        await rig.StopSchedulerAsync();

        var (ns, name) = SchedulerRig.NamesOf(rig.Kube!.Pods().Single());
        rig.Kube.Store.Remove("pods", ns, name);
        rig.StartScheduler();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Contains("no longer exists", stopped["stoppedReason"].Text());
        Assert.Empty(rig.Kube.Pods());
    }

    [Fact]
    public async Task A_pod_Kecs_owns_whose_task_does_not_exist_is_deleted()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");
        var orphan = (JsonObject)rig.Kube!.Pods().Single().DeepClone();
        orphan["metadata"]!["name"] = "task-orphan";
        orphan["metadata"]!["annotations"]!["kecs.dev/task-arn"] = "arn:aws:ecs:us-east-1:123456789012:task/demo/00000000000000000000000000000000";
        await rig.StopSchedulerAsync();
        rig.Kube.Store.TryCreate("pods", "demo-us-east-1", orphan, DateTimeOffset.UtcNow);

        rig.StartScheduler();

        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Pods().All(p => p["metadata"]!["name"].Text() != "task-orphan"), "orphan deleted");
        Assert.Equal(["task-" + arn.Split('/')[^1]], rig.Kube.Pods().Select(p => p["metadata"]!["name"].Text()));
    }
}
