using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

public sealed class FakeClusterTaskScenarios : KubernetesTaskScenarios
{
    protected override Task<SchedulerRig> StartAsync(Dictionary<string, string>? settings = null) => SchedulerRig.OnFakeKubernetesAsync(settings: settings);

    protected override Task<string[]> PodLogAsync(SchedulerRig rig, string taskArn, string container)
    {
        var (ns, name) = SchedulerRig.NamesOf(PodOf(rig, taskArn));
        return Task.FromResult(rig.Kube!.Kubelet.LogLines(ns, name, container, 0).Select(line => line.Text).ToArray());
    }

    protected override Task<Dictionary<string, string>> TaskSecretAsync(SchedulerRig rig, string taskArn)
    {
        var (ns, name) = SchedulerRig.NamesOf(PodOf(rig, taskArn));
        var secret = rig.Kube!.Store.Get("secrets", ns, name)!;
        return Task.FromResult(secret["data"]!.AsObject().ToDictionary(
            entry => entry.Key, entry => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(entry.Value.Text()))));
    }

    private static JsonObject PodOf(SchedulerRig rig, string taskArn) =>
        rig.Kube!.Pods().Single(p => p["metadata"]!["annotations"]!["kecs.dev/task-arn"].Text() == taskArn);

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
        var pod = PodOf(rig, taskArn);
        rig.Kube!.Store.Remove("pods", pod["metadata"]!["namespace"].Text(), pod["metadata"]!["name"].Text());
        return Task.CompletedTask;
    }

    protected override Task<int> CountPodsAsync(SchedulerRig rig) => Task.FromResult(rig.Kube!.Pods().Count);
}
