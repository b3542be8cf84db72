using System.Text.Json;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// Kubernetes nodes as container instances: every node the Scheduler reports is an instance of each cluster, its id
/// the node's uid without dashes. Resources come from the node's allocatable CPU (1 vCPU = 1024 units) and memory
/// (MiB), less what Kecs's pods on it request; the instance is DRAINING while the node is cordoned (UpdateContainerInstancesState
/// cordons and uncordons it through the Scheduler), its agent
/// connected while the node is Ready, and its attributes are the <c>ecs.*</c> ones ECS's agent reports, taken from the
/// node's well-known labels, beside every label of the node.
/// </summary>
public static class KubeNodeInstances
{
    /// <summary>Replaces the stored nodes with the report's; unchanged nodes are not written again.</summary>
    public static int Replace(StateWrite write, NodeReport report)
    {
        var changed = 0;
        var reported = report.Nodes.Select(node => NodeObservation.InstanceId(node.Uid)).ToHashSet();
        foreach (var gone in write.State.KubeNodes.Values.Where(row => !reported.Contains(row.InstanceId)).ToList())
        {
            write.Delete(gone);
            changed++;
        }

        foreach (var node in report.Nodes)
        {
            var document = JsonSerializer.SerializeToUtf8Bytes(node, InternalJsonContext.Default.NodeObservation);
            if (!write.State.KubeNodes.TryGetValue(NodeObservation.InstanceId(node.Uid), out var stored) || !stored.Document.AsSpan().SequenceEqual(document))
            {
                write.Put(new KubeNodeRow(NodeObservation.InstanceId(node.Uid), document));
                changed++;
            }
        }

        return changed;
    }

    /// <summary>Each reported node as a container instance of this cluster.</summary>
    public static IEnumerable<ContainerInstance> Of(EcsState state, Cluster cluster) => state.KubeNodes.Values.Select(row => For(state, cluster, row));

    /// <summary>The node whose instance has this id, as a container instance of this cluster, or null.</summary>
    public static ContainerInstance? Find(EcsState state, Cluster cluster, string instanceId) =>
        state.KubeNodes.TryGetValue(instanceId, out var row) ? For(state, cluster, row) : null;

    /// <summary>Asks for the node to be drained (cordoned) or made ACTIVE again (uncordoned); the Scheduler does it.</summary>
    public static void RequestStatus(StateWrite write, string instanceId, string status)
    {
        write.Put(new NodeStateRow(instanceId, status));
        write.Changed(ChangeKind.Node, instanceId);
    }

    private static ContainerInstance For(EcsState state, Cluster cluster, KubeNodeRow row) =>
        For(cluster, JsonSerializer.Deserialize(row.Document, InternalJsonContext.Default.NodeObservation)!,
            state.NodeStates.GetValueOrDefault(row.InstanceId)?.Status == ContainerInstanceStore.Draining);

    /// <param name="drainRequested">UpdateContainerInstancesState asked for DRAINING: the instance is DRAINING before the node is cordoned.</param>
    private static ContainerInstance For(Cluster cluster, NodeObservation node, bool drainRequested)
    {
        var cpu = (int)(node.AllocatableCpuMillis * 1024 / 1000);
        var memory = (int)node.AllocatableMemoryMiB;
        return new ContainerInstance
        {
            ContainerInstanceArn = ContainerInstanceStore.Arn(cluster, NodeObservation.InstanceId(node.Uid)),
            Ec2InstanceId = node.ProviderId is { } provider && provider.LastIndexOf('/') is var slash and >= 0 && provider[(slash + 1)..].StartsWith("i-", StringComparison.Ordinal)
                ? provider[(slash + 1)..]
                : null,
            Version = 1,
            VersionInfo = new VersionInfo { AgentVersion = "kubernetes", AgentHash = node.Name },
            RegisteredResources = Resources(cpu, memory),
            RemainingResources = Resources(cpu - (int)(node.RequestedCpuMillis * 1024 / 1000), memory - (int)node.RequestedMemoryMiB),
            Status = node.Unschedulable || drainRequested ? ContainerInstanceStore.Draining : ContainerInstanceStore.Active,
            AgentConnected = node.Ready,
            RunningTasksCount = node.RunningTasks,
            PendingTasksCount = node.PendingTasks,
            Attributes = Attributes(node),
            RegisteredAt = node.CreatedAt,
            Attachments = [],
        };
    }

    private static List<Resource> Resources(int cpu, int memory) =>
    [
        new() { Name = "CPU", Type = "INTEGER", IntegerValue = cpu, DoubleValue = 0, LongValue = 0 },
        new() { Name = "MEMORY", Type = "INTEGER", IntegerValue = memory, DoubleValue = 0, LongValue = 0 },
        new() { Name = "PORTS", Type = "STRINGSET", IntegerValue = 0, DoubleValue = 0, LongValue = 0, StringSetValue = [] },
        new() { Name = "PORTS_UDP", Type = "STRINGSET", IntegerValue = 0, DoubleValue = 0, LongValue = 0, StringSetValue = [] },
    ];

    private static List<EcsAttribute> Attributes(NodeObservation node)
    {
        string? Label(string name) => node.Labels.GetValueOrDefault(name);
        var known = new (string Name, string? Value)[]
        {
            ("ecs.os-type", Label("kubernetes.io/os")),
            ("ecs.cpu-architecture", Label("kubernetes.io/arch") switch { "amd64" => "x86_64", var arch => arch }),
            ("ecs.availability-zone", Label("topology.kubernetes.io/zone")),
            ("ecs.instance-type", Label("node.kubernetes.io/instance-type")),
        };
        return known.Where(attribute => attribute.Value is not null)
            .Select(attribute => new EcsAttribute { Name = attribute.Name, Value = attribute.Value })
            .Concat(node.Labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => new EcsAttribute { Name = label.Key, Value = label.Value }))
            .ToList();
    }
}
