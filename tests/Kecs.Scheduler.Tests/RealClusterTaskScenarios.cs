using k8s;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// <see cref="KubernetesTaskScenarios"/> against a real cluster, when <c>KECS_TEST_KUBECONFIG</c>
/// names its kubeconfig; skipped, saying why, otherwise (no cluster can run on the CI machines).
/// </summary>
public sealed class RealClusterTaskScenarios : KubernetesTaskScenarios
{
    private static readonly string? Kubeconfig = Environment.GetEnvironmentVariable("KECS_TEST_KUBECONFIG");

    protected override Task<SchedulerRig> StartAsync(Dictionary<string, string>? settings = null)
    {
        if (string.IsNullOrEmpty(Kubeconfig))
        {
            Assert.Skip("KECS_TEST_KUBECONFIG is not set: set it to a kubeconfig to run these scenarios on a real cluster.");
        }

        return Task.FromResult(SchedulerRig.OnKubeconfig(Kubeconfig!, settings));
    }

    protected override async Task<string[]> PodLogAsync(SchedulerRig rig, string taskArn, string container)
    {
        var pod = await PodOfAsync(taskArn);
        try
        {
            await using var log = await Client().CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, container);
            return (await new StreamReader(log).ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return [];
        }
    }

    protected override async Task<Dictionary<string, string>> TaskSecretAsync(SchedulerRig rig, string taskArn)
    {
        var pod = await PodOfAsync(taskArn);
        var secret = await Client().CoreV1.ReadNamespacedSecretAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty);
        return secret.Data.ToDictionary(entry => entry.Key, entry => System.Text.Encoding.UTF8.GetString(entry.Value));
    }

    private static async Task<k8s.Models.V1Pod> PodOfAsync(string taskArn) =>
        (await Client().CoreV1.ListPodForAllNamespacesAsync(labelSelector: $"kecs.dev/task-id={taskArn.Split('/')[^1]}")).Items.Single();

    protected override async Task DeletePodOutsideKecsAsync(SchedulerRig rig, string taskArn)
    {
        var pod = (await Client().CoreV1.ListPodForAllNamespacesAsync(labelSelector: $"kecs.dev/task-id={taskArn.Split('/')[^1]}")).Items.Single();
        await Client().CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, gracePeriodSeconds: 0);
    }

    protected override async Task<int> CountPodsAsync(SchedulerRig rig)
    {
        return (await Client().CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app.kubernetes.io/managed-by=kecs,kecs.dev/cluster=demo"))
            .Items.Count(p => p.Metadata.DeletionTimestamp is null);
    }

    private static k8s.Kubernetes Client() => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
}
