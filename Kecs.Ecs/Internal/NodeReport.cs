namespace Kecs.Ecs.Internal;

/// <summary>
/// Every Kubernetes node the Scheduler sees, sent whole whenever one changes: EcsApi shows each node as a container
/// instance of every cluster, and forgets the nodes a report no longer has.
/// </summary>
public sealed class NodeReport
{
    public List<NodeObservation> Nodes { get; set; } = [];
}

/// <summary>One node: what it can hold, whether it takes work, its labels, and the Kecs tasks (pods) on it.</summary>
public sealed class NodeObservation
{
    /// <summary>The node's uid: its container instances' id is <see cref="InstanceId"/> of it, the same while the node lives.</summary>
    public string Uid { get; set; } = "";

    public string Name { get; set; } = "";

    public string? ProviderId { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public long AllocatableCpuMillis { get; set; }

    public long AllocatableMemoryMiB { get; set; }

    /// <summary>The node's Ready condition is True.</summary>
    public bool Ready { get; set; }

    /// <summary>The node is cordoned (<c>spec.unschedulable</c>).</summary>
    public bool Unschedulable { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public int RunningTasks { get; set; }

    public int PendingTasks { get; set; }

    /// <summary>What the Kecs pods on the node request.</summary>
    public long RequestedCpuMillis { get; set; }

    public long RequestedMemoryMiB { get; set; }

    /// <summary>A node's container instance id: its uid without dashes (32 hex digits, as ECS ids are).</summary>
    public static string InstanceId(string uid) => uid.Replace("-", "", StringComparison.Ordinal);
}
