using System.Collections.Concurrent;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.State;

/// <summary>The desired state the Scheduler converges: every cluster and task the change feed has described.</summary>
public sealed class DesiredState
{
    private readonly ConcurrentDictionary<string, DesiredTask> _tasks = new();
    private readonly ConcurrentDictionary<string, Cluster> _clusters = new();
    private readonly ConcurrentDictionary<string, VersionedService> _services = new();
    private readonly ConcurrentDictionary<string, DeploymentLifecycle> _lifecycles = new();
    private readonly ConcurrentDictionary<string, DaemonSpec> _daemons = new();
    private readonly ConcurrentDictionary<string, string> _nodeStatuses = new();
    private readonly SharedTaskDefinitions _definitions = new();

    /// <summary>The change feed's sequence this state reflects.</summary>
    public long Sequence { get; private set; }

    /// <summary>True once the feed has been read up to its end at least once.</summary>
    public bool CaughtUp { get; private set; }

    public DesiredTask? Task(string taskArn) => _tasks.GetValueOrDefault(taskArn);

    public Cluster? Cluster(string clusterArn) => _clusters.GetValueOrDefault(clusterArn);

    public Service? Service(string serviceArn) => ServiceWithVersion(serviceArn)?.Service;

    /// <summary>The service and its version, read together: the service scheduler's actions carry the version they were decided on.</summary>
    public VersionedService? ServiceWithVersion(string serviceArn) => _services.GetValueOrDefault(serviceArn);

    /// <summary>Where the service's blue/green deployment is in its lifecycle, or null when it is in none.</summary>
    public DeploymentLifecycle? Lifecycle(string serviceArn) => _lifecycles.GetValueOrDefault(serviceArn);

    public DaemonSpec? Daemon(string daemonArn) => _daemons.GetValueOrDefault(daemonArn);

    public ICollection<string> DaemonArns => _daemons.Keys;

    public ICollection<string> ServiceArns => _services.Keys;

    /// <summary>The status UpdateContainerInstancesState gave a node's instance (by id), or null when it gave none.</summary>
    public string? NodeStatus(string instanceId) => _nodeStatuses.GetValueOrDefault(instanceId);

    public ICollection<string> NodesWithStatus => _nodeStatuses.Keys;

    public IReadOnlyCollection<DesiredTask> Tasks => (IReadOnlyCollection<DesiredTask>)_tasks.Values;

    /// <summary>The tasks a service started.</summary>
    public List<DesiredTask> TasksOf(Service service) => _tasks.Values.Where(t => t.ServiceArn == service.ServiceArn).ToList();

    public List<DesiredTask> TasksOfDaemon(string daemonArn) => _tasks.Values.Where(t => t.DaemonArn == daemonArn).ToList();

    public void Apply(ChangeEntry entry)
    {
        switch (entry.Kind)
        {
            case ChangeKind.Task when entry is { Task: { } task, TaskDefinition: { } definition }:
                _tasks[entry.Arn] = new DesiredTask(task, _definitions.Share(definition), entry.TraceParent, entry.ServiceArn, entry.ProtectedUntil,
                    entry.DaemonArn);
                break;
            case ChangeKind.Task:
                _tasks.TryRemove(entry.Arn, out _);
                break;
            case ChangeKind.Service:
                Set(_services, entry.Arn, entry.Service is null ? null : new VersionedService(entry.Service, entry.Sequence));
                Set(_lifecycles, entry.Arn, entry.Service is null ? null : entry.Lifecycle);
                break;
            case ChangeKind.Daemon:
                Set(_daemons, entry.Arn, entry.Daemon);
                break;
            case ChangeKind.Node:
                Set(_nodeStatuses, entry.Arn, entry.NodeStatus);
                break;
            case ChangeKind.Cluster:
                Set(_clusters, entry.Arn, entry.Cluster);
                break;
        }
    }

    /// <summary>Keeps the value, or forgets the key when the feed says the resource is gone (null).</summary>
    private static void Set<T>(ConcurrentDictionary<string, T> values, string key, T? value) where T : class
    {
        if (value is null)
        {
            values.TryRemove(key, out _);
        }
        else
        {
            values[key] = value;
        }
    }

    /// <summary>Knows the tasks EcsApi just started before the feed says so, and queues each to be run.</summary>
    public void Started(ServiceActionsResult result, Action<string> enqueueTask)
    {
        foreach (var started in result.Started)
        {
            Apply(started);
            enqueueTask(started.Arn);
        }
    }

    public void Advance(long sequence, bool caughtUp)
    {
        Sequence = sequence;
        CaughtUp |= caughtUp;
    }
}
