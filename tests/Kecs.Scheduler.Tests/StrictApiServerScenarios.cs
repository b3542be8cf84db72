namespace Kecs.Scheduler.Tests;

/// <summary>
/// What a real API server does that a kinder one would not, and the Scheduler copes with: a new namespace takes pods
/// only once its service account exists, a deleted namespace stays Terminating a while, and deletions are rate-limited.
/// </summary>
public sealed class StrictApiServerScenarios
{
    [Fact]
    public async Task The_first_task_of_a_new_cluster_waits_for_the_namespaces_service_account_instead_of_being_refused()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.ServiceAccountDelay = TimeSpan.FromMilliseconds(300);

        var task = await rig.RunTaskAsync(TaskDefinitions.Web);
        await rig.WaitForStatusAsync(task["taskArn"].Text(), "RUNNING");

        Assert.NotNull(rig.Kube.Store.Get("serviceaccounts", "demo-us-east-1", "default"));
        Assert.Empty(rig.Kube.Refusals);
    }

    [Fact]
    public async Task A_cluster_made_again_while_its_old_namespace_terminates_runs_its_task_once_the_namespace_is_gone()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var first = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(first, "RUNNING");
        var oldNamespace = rig.Kube!.Store.Get("namespaces", "", "demo-us-east-1")!["metadata"]!["uid"].Text();
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{first}}"}""");
        await rig.WaitForStatusAsync(first, "STOPPED");
        await rig.Ecs.OkAsync("DeleteCluster", """{"cluster": "demo"}""");
        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Store.Get("namespaces", "", "demo-us-east-1")?["metadata"]?["deletionTimestamp"] is not null,
            "the namespace Terminating");

        var second = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(second, "RUNNING");

        var ns = rig.Kube.Store.Get("namespaces", "", "demo-us-east-1")!;
        Assert.NotEqual(oldNamespace, ns["metadata"]!["uid"].Text());
        Assert.Null(ns["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task A_service_scaled_in_from_forty_tasks_stops_them_all_though_the_server_takes_twenty_deletions_a_second()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await ServiceSteps.CreateServiceAsync(rig, desiredCount: 40);
        await ServiceSteps.WaitForServiceAsync(rig, s => ServiceSteps.Running(s) == 40, "forty tasks running");

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 0}""");
        await SchedulerRig.WaitUntilAsync(() => rig.Kube!.Pods().Count == 0, "every pod deleted");
        await SchedulerRig.WaitUntilAsync(async () => (await ServiceSteps.ServiceTasksAsync(rig, "STOPPED")).All(t => t["lastStatus"].Text() == "STOPPED"),
            "every task STOPPED");

        Assert.Equal(40, (await ServiceSteps.ServiceTasksAsync(rig, "STOPPED")).Count);
        Assert.Equal(0, ServiceSteps.Running(await ServiceSteps.DescribeServiceAsync(rig)));
    }
}
