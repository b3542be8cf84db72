using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Feed;

/// <summary>
/// Follows EcsApi's change feed into <see cref="DesiredState"/> and queues each changed task and
/// cluster for convergence. It starts from sequence 0: the feed keeps each resource's latest change,
/// so reading it from the start is a full snapshot, which is how a restarted Scheduler recovers
/// without storing anything. While running it resumes from the last sequence it has seen.
/// </summary>
public sealed class ChangeFeedFollower(
    EcsApiInternalClient ecsApi, DesiredState state, ReconcileQueue queue, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<ChangeFeedFollower> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var page = await ecsApi.GetChangesAsync(state.Sequence, state.CaughtUp ? options.Value.FeedWait : TimeSpan.Zero, stoppingToken);
                foreach (var entry in page.Changes)
                {
                    state.Apply(entry);
                    queue.Enqueue(entry.Kind == "cluster" ? WorkItem.ForCluster(entry.Arn) : WorkItem.ForTask(entry.Arn));
                }

                if (!state.CaughtUp && page.Changes.Count == 0)
                {
                    logger.LogInformation("Read EcsApi's change feed up to sequence {Sequence}: {Tasks} tasks known", page.LastSequence, state.Tasks.Count);
                }

                state.Advance(page.LastSequence, caughtUp: page.Changes.Count == 0);
                backoff = TimeSpan.FromMilliseconds(100);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Cannot read EcsApi's change feed ({Error}); retrying in {Backoff}", error.Message, backoff);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
