using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Daemons;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// Reads the change feed from memory, waiting for the next commit when nothing has changed yet. A wait ends early when
/// EcsApi is stopping: Kestrel lets requests in flight finish before it stops, and a reader's wait would hold the stop
/// for seconds.
/// </summary>
public sealed class ChangeFeedReader(EcsStore store, ChangeNotifier notifier, IHostApplicationLifetime lifetime)
{
    private const int PageSize = 500;

    public async Task<ChangeFeedPage> ReadAsync(long after, TimeSpan wait, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping);
        deadline.CancelAfter(wait);
        while (true)
        {
            // Take the signal before reading, so a commit between the read and the wait is not missed.
            var nextCommit = notifier.NextCommit;
            var page = Read(store.Current, after);
            if (page.Changes.Count > 0)
            {
                return page;
            }

            try
            {
                await nextCommit.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return page;
            }
        }
    }

    private static ChangeFeedPage Read(EcsState state, long after)
    {
        var changes = state.ChangesAfter(after).Take(PageSize).ToList();
        var definitions = new Dictionary<string, TaskDefinition?>();
        return new ChangeFeedPage
        {
            LastSequence = changes.Count == 0 ? after : changes[^1].Sequence,
            HeadSequence = state.LastSequence,
            Changes = changes.Select(change => Entry(state, change, definitions)).ToList(),
        };
    }

    /// <param name="definitions">Task definitions already read for this page: the tasks of a page mostly share a few.</param>
    private static ChangeEntry Entry(EcsState state, ChangeRow change, Dictionary<string, TaskDefinition?> definitions)
    {
        var entry = new ChangeEntry { Sequence = change.Sequence, Kind = change.Kind, Arn = change.Arn };
        switch (change.Kind)
        {
            case ChangeKind.Cluster:
                entry.Cluster = ClusterStore.Find(state, change.Arn);
                break;
            case ChangeKind.Service:
                entry.Service = ServiceStore.Find(state, change.Arn)?.Service;
                entry.Lifecycle = entry.Service is { CurrentServiceDeployment: { } current } service
                                  && DeploymentLifecycle.Applies(service.DeploymentConfiguration?.Strategy)
                    ? ServiceDeploymentLifecycle.Of(ServiceDeploymentStore.Find(state, current))
                    : null;
                break;
            case ChangeKind.Task when state.Tasks.TryGetValue(change.Arn, out var row):
                entry.Task = TaskStore.Read(row);
                entry.TraceParent = row.TraceParent;
                entry.ServiceArn = row.ServiceArn;
                entry.DaemonArn = row.DaemonArn;
                entry.ProtectedUntil = row.ProtectedUntil;
                if (!definitions.TryGetValue(row.TaskDefinition, out var definition))
                {
                    definitions[row.TaskDefinition] = definition = row.DaemonArn is null
                        ? TaskDefinitionStore.Find(state, row.TaskDefinition)
                        : DaemonTaskDefinitionStore.AsTaskDefinition(state, row.TaskDefinition);
                }

                entry.TaskDefinition = definition;
                break;
            case ChangeKind.Daemon when DaemonStore.Find(state, change.Arn) is { Status: not StoredDaemon.Deleted } daemon:
                entry.Daemon = DaemonSpecOf(daemon);
                break;
            case ChangeKind.Node when state.NodeStates.TryGetValue(change.Arn, out var node):
                entry.NodeStatus = node.Status;
                break;
        }

        entry.Deleted = entry is { Cluster: null, Service: null, Task: null, Daemon: null, NodeStatus: null };
        return entry;
    }

    private static DaemonSpec DaemonSpecOf(StoredDaemon daemon) => new()
    {
        ClusterArn = daemon.ClusterArn,
        Status = daemon.Status,
        RevisionId = daemon.TargetRevisionArn is { } target ? StoredDaemon.IdOf(target) : null,
        DeploymentArn = daemon.LatestDeployment.DaemonDeploymentArn!,
        DeploymentStatus = daemon.LatestDeployment.Status!,
        DrainPercent = daemon.LatestDeployment.DeploymentConfiguration?.DrainPercent ?? DaemonRequests.DefaultDrainPercent,
        BakeTimeInMinutes = daemon.LatestDeployment.DeploymentConfiguration?.BakeTimeInMinutes ?? 0,
    };
}
