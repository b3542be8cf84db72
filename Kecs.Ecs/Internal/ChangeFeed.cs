using Kecs.Ecs.Model;

namespace Kecs.Ecs.Internal;

/// <summary>
/// One page of EcsApi's change feed: the resources that changed after a sequence number, each with
/// its current desired state. Several changes to one resource collapse into its latest one.
/// </summary>
public sealed class ChangeFeedPage
{
    /// <summary>Pass this as <c>after</c> to get the next page; it never decreases.</summary>
    public long LastSequence { get; set; }

    /// <summary>
    /// The feed's latest sequence when the page was read: a reader that has read up to it has caught up, even while
    /// changes keep coming.
    /// </summary>
    public long HeadSequence { get; set; }

    public List<ChangeEntry> Changes { get; set; } = [];
}

/// <summary>The kinds of resource the Scheduler follows through the change feed.</summary>
public static class ChangeKind
{
    public const string Cluster = "cluster";
    public const string Service = "service";
    public const string Task = "task";
    public const string Daemon = "daemon";

    /// <summary>A Kubernetes node's instance, by its id, whose status UpdateContainerInstancesState set.</summary>
    public const string Node = "node";
}

public sealed class ChangeEntry
{
    public long Sequence { get; set; }

    /// <summary>One of <see cref="ChangeKind"/>.</summary>
    public string Kind { get; set; } = "";

    public string Arn { get; set; } = "";

    /// <summary>True when the resource no longer exists (a purged task).</summary>
    public bool Deleted { get; set; }

    public Cluster? Cluster { get; set; }
    public Service? Service { get; set; }

    /// <summary>For a service in a blue/green deployment, where that deployment is in its lifecycle.</summary>
    public DeploymentLifecycle? Lifecycle { get; set; }

    public EcsTask? Task { get; set; }

    public DaemonSpec? Daemon { get; set; }

    /// <summary>For a node: the status its instance was given, ACTIVE or DRAINING (the node cordoned).</summary>
    public string? NodeStatus { get; set; }

    /// <summary>For a task a service started, that service's ARN.</summary>
    public string? ServiceArn { get; set; }

    /// <summary>For a daemon's task, that daemon's ARN.</summary>
    public string? DaemonArn { get; set; }

    /// <summary>Until when the task is protected from the service scheduler (UpdateTaskProtection); null when it never was.</summary>
    public DateTimeOffset? ProtectedUntil { get; set; }

    /// <summary>The task definition a task runs, so the Scheduler needs no second call to build its pod.</summary>
    public TaskDefinition? TaskDefinition { get; set; }

    /// <summary>W3C trace context of the call that created the task, to continue its trace.</summary>
    public string? TraceParent { get; set; }
}
