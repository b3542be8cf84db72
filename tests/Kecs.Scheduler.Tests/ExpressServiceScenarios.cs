namespace Kecs.Scheduler.Tests;

/// <summary>An Express service runs its primary container as pods and answers at the endpoint it reports: its Kubernetes Service.</summary>
public sealed class ExpressServiceScenarios
{
    [Fact]
    public async Task The_reported_endpoint_is_the_Kubernetes_Service_that_selects_its_pods()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "default"}""");

        var express = (await rig.Ecs.OkAsync("CreateExpressGatewayService", """
            {"executionRoleArn": "arn:aws:iam::123456789012:role/exec", "infrastructureRoleArn": "arn:aws:iam::123456789012:role/infra",
             "serviceName": "Shop_Front", "primaryContainer": {"image": "shop:1", "containerPort": 8080}, "scalingTarget": {"minTaskCount": 2}}
            """))["service"]!;
        var endpoint = new Uri(express["activeConfigurations"]![0]!["ingressPaths"]![0]!["endpoint"].Text());
        var (name, ns) = (endpoint.Host.Split('.')[0], endpoint.Host.Split('.')[1]);

        await SchedulerRig.WaitUntilAsync(() => rig.Kube!.Store.Get("services", ns, name) is not null && rig.Kube.Pods().Count() == 2,
            "the Kubernetes Service of the endpoint and 2 pods");
        var kubeService = rig.Kube!.Store.Get("services", ns, name)!;
        Assert.Equal(endpoint.Port, kubeService["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
        var selector = kubeService["spec"]!["selector"]!.AsObject();
        Assert.All(rig.Kube.Pods(), pod => Assert.All(selector, label => Assert.Equal(label.Value.Text(), pod["metadata"]!["labels"]![label.Key].Text())));
        Assert.EndsWith(".svc.cluster.local", endpoint.Host);
    }
}
