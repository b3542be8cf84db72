using System.Text.Json;
using k8s.Models;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// Tells EcsApi every node, with the Kecs pods on it, whenever a node or a pod changes, so nodes are container
/// instances. Changes that come together are sent as one report after a short pause, a report equal to the last one
/// sent is not sent again, and a failed send is retried with a growing pause.
/// </summary>
public sealed class NodeReporter(
    KubeInformer<V1Node> nodes, KubeInformer<V1Pod> pods, EcsApiInternalClient ecsApi, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _changed = new(1, 1);

    public void Changed()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change woke the reporter at the same moment; one wake-up is enough.
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        string? sent = null;
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _changed.WaitAsync(stoppingToken);
                await Task.Delay(Gather, clock, stoppingToken);
                if (!nodes.Synced)
                {
                    Changed();
                    continue;
                }

                var report = Build(nodes.Items, pods.Items);
                var json = JsonSerializer.Serialize(report, InternalJsonContext.Default.NodeReport);
                if (json == sent)
                {
                    continue;
                }

                await ecsApi.ReplaceNodesAsync(report, stoppingToken);
                sent = json;
                backoff.Succeeded();
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Failed();
                logger.LogWarning("Cannot tell EcsApi the Kubernetes nodes ({Error}); trying again in {Backoff}", error.Message, delay);
                await Task.Delay(delay, clock, stoppingToken);
                Changed();
            }
        }
    }

    /// <summary>The report of these nodes with these (Kecs) pods on them, nodes in name order.</summary>
    public static NodeReport Build(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> pods)
    {
        var live = pods.Where(pod => pod.Spec?.NodeName is not null && pod.Status?.Phase is not ("Succeeded" or "Failed")).ToList();
        return new NodeReport
        {
            Nodes = nodes.OrderBy(node => node.Metadata.Name, StringComparer.Ordinal).Select(node =>
            {
                var on = live.Where(pod => pod.Spec.NodeName == node.Metadata.Name).ToList();
                var requests = on.SelectMany(pod => pod.Spec.Containers ?? []).Select(container => container.Resources?.Requests).OfType<IDictionary<string, ResourceQuantity>>().ToList();
                return new NodeObservation
                {
                    Uid = node.Metadata.Uid,
                    Name = node.Metadata.Name,
                    ProviderId = node.Spec?.ProviderID,
                    CreatedAt = node.Metadata.CreationTimestamp,
                    AllocatableCpuMillis = Millis(node.Status?.Allocatable, "cpu"),
                    AllocatableMemoryMiB = MiB(node.Status?.Allocatable, "memory"),
                    Ready = node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
                    Unschedulable = node.Spec?.Unschedulable == true,
                    Labels = node.Metadata.Labels?.ToDictionary() ?? [],
                    RunningTasks = on.Count(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null),
                    PendingTasks = on.Count(pod => pod.Status?.Phase is null or "Pending" && pod.Metadata.DeletionTimestamp is null),
                    RequestedCpuMillis = requests.Sum(request => Millis(request, "cpu")),
                    RequestedMemoryMiB = requests.Sum(request => MiB(request, "memory")),
                };
            }).ToList(),
        };
    }

    private static long Millis(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities?.TryGetValue(name, out var quantity) == true ? (long)(quantity.ToDecimal() * 1000) : 0;

    private static long MiB(IDictionary<string, ResourceQuantity>? quantities, string name) =>
        quantities?.TryGetValue(name, out var quantity) == true ? (long)(quantity.ToDecimal() / (1024 * 1024)) : 0;
}
