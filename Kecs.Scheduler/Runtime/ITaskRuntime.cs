using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Runtime;

/// <summary>Where tasks run: Kubernetes, or the simulated runtime on machines without a cluster.</summary>
public interface ITaskRuntime
{
    RuntimeDescription Description { get; }

    /// <summary>Starts observing what runs; what it sees goes to the report queue as it happens.</summary>
    Task StartAsync(CancellationToken stoppingToken);

    /// <summary>Makes what runs for one task match <paramref name="desired"/> (null: the task no longer exists).</summary>
    Task ReconcileTaskAsync(string taskArn, DesiredTask? desired, CancellationToken cancellation);

    /// <summary>Asks the runtime's backend whether it answers now (Kubernetes: the API server's version, or the exact error).</summary>
    Task<RuntimeProbe> ProbeAsync(CancellationToken cancellation);

    /// <summary>
    /// The log of one container of a task: what it wrote so far, or with <paramref name="follow"/> also
    /// what it writes until it stops. Throws <see cref="TaskLogsUnavailableException"/> when there is none to read.
    /// </summary>
    Task<Stream> OpenLogAsync(DesiredTask task, string container, bool follow, CancellationToken cancellation);

    /// <summary>
    /// Each line a container writes, from its first, with the time it was written; the sequence ends once the container has
    /// stopped. Throws <see cref="TaskLogsUnavailableException"/> while there is no log to read (not started yet, or gone).
    /// </summary>
    IAsyncEnumerable<LogLine> FollowLogAsync(DesiredTask task, string container, CancellationToken cancellation);

    /// <summary>
    /// The container instances (by id) tasks can be pinned to: Kubernetes' nodes, none on the simulated runtime; null
    /// while the runtime does not know them yet.
    /// </summary>
    IReadOnlyCollection<string>? InstanceIds { get; }

    /// <summary>The container instances (by id) that are DRAINING: the service scheduler moves its tasks off them.</summary>
    IReadOnlySet<string> DrainingInstanceIds { get; }

    /// <summary>Cordons the node of this instance for DRAINING, uncordons it for ACTIVE; null (never asked) leaves it as it is.</summary>
    Task ReconcileNodeAsync(string instanceId, string? status, CancellationToken cancellation);

    /// <summary>Why the runtime cannot place a task's containers right now, or null when nothing stands in the way.</summary>
    string? PlacementProblem(string taskArn);

    /// <summary>
    /// Makes a service reachable by its name inside the cluster while it is ACTIVE and has port
    /// mappings (<paramref name="definition"/>: what its PRIMARY deployment runs), and unreachable after.
    /// </summary>
    Task ReconcileServiceNetworkAsync(string serviceArn, Service? service, TaskDefinition? definition, CancellationToken cancellation);

    /// <summary>Removes what a cluster left behind once it is INACTIVE or gone.</summary>
    Task ReconcileClusterAsync(string clusterArn, Cluster? cluster, CancellationToken cancellation);
}

/// <summary>Which runtime is in use and why, as the log, health output and tasks say it.</summary>
public sealed record RuntimeDescription(string Name, string Detail)
{
    public const string Kubernetes = "kubernetes";
    public const string Simulated = "simulated";

    /// <summary>The task attribute naming the runtime that runs a task.</summary>
    public const string AttributeName = "kecs.runtime";

    public List<EcsAttribute> Attributes() => [new EcsAttribute { Name = AttributeName, Value = Name }];
}
