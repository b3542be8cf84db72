namespace Kecs.Scheduler.Tests;

public sealed class FakeClusterTaskScenarios : KubernetesTaskScenarios
{
    protected override Task<SchedulerRig> StartAsync() => SchedulerRig.OnFakeKubernetesAsync();

    protected override Task DeletePodOutsideKecsAsync(SchedulerRig rig, string taskArn)
    {
        var pod = rig.Kube!.Pods().Single(p => p["metadata"]!["annotations"]!["kecs.dev/task-arn"].Text() == taskArn);
        rig.Kube.Store.Remove("pods", pod["metadata"]!["namespace"].Text(), pod["metadata"]!["name"].Text());
        return Task.CompletedTask;
    }

    protected override Task<int> CountPodsAsync(SchedulerRig rig) => Task.FromResult(rig.Kube!.Pods().Count);
}
