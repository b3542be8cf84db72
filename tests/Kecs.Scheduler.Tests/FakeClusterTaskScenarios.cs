namespace Kecs.Scheduler.Tests;

public sealed class FakeClusterTaskScenarios : KubernetesTaskScenarios
{
    protected override Task<SchedulerRig> StartAsync() => SchedulerRig.OnFakeKubernetesAsync();

    [Fact]
    public async Task An_awsvpc_task_reports_its_network_interface_with_the_pod_address()
    {
        await using var rig = await StartAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Fargate, TaskDefinitions.FargateNetwork))["taskArn"].Text();

        var running = await rig.WaitForStatusAsync(arn, "RUNNING");

        var podIp = rig.Kube!.Pods().Single()["status"]!["podIP"].Text();
        var eni = running["attachments"]![0]!;
        Assert.Equal("ATTACHED", eni["status"].Text());
        Assert.Contains(eni["details"]!.AsArray(), d => d!["name"].Text() == "privateIPv4Address" && d["value"].Text() == podIp);
        Assert.Contains(eni["details"]!.AsArray(), d => d!["name"].Text() == "subnetId" && d["value"].Text() == "subnet-12345");
        Assert.Equal(podIp, running["containers"]![0]!["networkInterfaces"]![0]!["privateIpv4Address"].Text());
    }

    protected override Task DeletePodOutsideKecsAsync(SchedulerRig rig, string taskArn)
    {
        var pod = rig.Kube!.Pods().Single(p => p["metadata"]!["annotations"]!["kecs.dev/task-arn"].Text() == taskArn);
        rig.Kube.Store.Remove("pods", pod["metadata"]!["namespace"].Text(), pod["metadata"]!["name"].Text());
        return Task.CompletedTask;
    }

    protected override Task<int> CountPodsAsync(SchedulerRig rig) => Task.FromResult(rig.Kube!.Pods().Count);
}
