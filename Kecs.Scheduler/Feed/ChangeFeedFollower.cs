using Kecs.Ecs.Internal;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Feed;

/// <summary>
/// Follows EcsApi's change feed into <see cref="DesiredState"/> and queues each changed task and
/// cluster for convergence. It starts from sequence 0: the feed keeps each resource's latest change,
/// so reading it from the start is a full snapshot, which is how a restarted Scheduler recovers
/// without storing anything. While running it resumes from the last sequence it has seen. It has caught up
/// once it has read up to the head that EcsApi reported with its first page: waiting for an empty page
/// instead could wait forever while changes keep coming.
/// </summary>
public sealed class ChangeFeedFollower(
    EcsApiInternalClient ecsApi, DesiredState state, ReconcileQueue queue, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<ChangeFeedFollower> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        long? catchUpTo = null;
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await ecsApi.GetChangesAsync(state.Sequence, state.CaughtUp ? options.Value.FeedWait : TimeSpan.Zero, stoppingToken);
                foreach (var entry in page.Changes)
                {
                    var before = entry.Kind == ChangeKind.Task ? state.Task(entry.Arn) : null;
                    state.Apply(entry);
                    Enqueue(entry, before);
                }

                catchUpTo ??= page.HeadSequence;
                var caughtUp = page.Changes.Count == 0 || page.LastSequence >= catchUpTo;
                if (!state.CaughtUp && caughtUp)
                {
                    logger.LogInformation("Read EcsApi's change feed up to sequence {Sequence}: {Tasks} tasks known", page.LastSequence, state.Tasks.Count);
                }

                state.Advance(page.LastSequence, caughtUp);
                backoff.Succeeded();
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Failed();
                logger.LogWarning("Cannot read EcsApi's change feed ({Error}); retrying in {Backoff}", error.Message, delay);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }

    /// <summary>Queues what a change concerns: the resource, and for a service's or a daemon's task, its service or daemon too.</summary>
    private void Enqueue(ChangeEntry entry, DesiredTask? before)
    {
        switch (entry.Kind)
        {
            case ChangeKind.Cluster:
                queue.Enqueue(WorkItem.ForCluster(entry.Arn));
                break;
            case ChangeKind.Service:
                queue.Enqueue(WorkItem.ForService(entry.Arn));
                break;
            case ChangeKind.Daemon:
                queue.Enqueue(WorkItem.ForDaemon(entry.Arn));
                break;
            case ChangeKind.Node:
                queue.Enqueue(WorkItem.ForNode(entry.Arn));
                break;
            default:
                queue.Enqueue(WorkItem.ForTask(entry.Arn));
                var task = state.Task(entry.Arn) ?? before;
                if (task?.ServiceArn is { } serviceArn)
                {
                    queue.Enqueue(WorkItem.ForService(serviceArn));
                }

                if (task?.DaemonArn is { } daemonArn)
                {
                    queue.Enqueue(WorkItem.ForDaemon(daemonArn));
                }

                break;
        }
    }
}
