using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.Simulated;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler;

/// <summary>
/// The Scheduler's main loop: choose the runtime, start observing, follow the change feed, and once
/// it has been read to its end, converge what changes.
/// </summary>
public sealed class SchedulerWorker(
    RuntimeSelector selector, ActiveRuntime active, ChangeFeedFollower follower, Reconciler reconciler, DesiredState state,
    TimeProvider clock, ILogger<SchedulerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runtime = await selector.SelectAsync(stoppingToken);
        if (runtime is SimulatedRuntime)
        {
            logger.LogWarning("RUNTIME: simulated ({Detail}). Tasks run no containers and move through the ECS lifecycle on timers.",
                runtime.Description.Detail);
        }
        else
        {
            logger.LogInformation("RUNTIME: {Runtime}: {Detail}", runtime.Description.Name, runtime.Description.Detail);
        }

        active.Current = runtime;
        await runtime.StartAsync(stoppingToken);
        var following = follower.RunAsync(stoppingToken);
        while (!state.CaughtUp && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), clock, stoppingToken);
        }

        await Task.WhenAll(following, reconciler.RunAsync(runtime, stoppingToken));
    }
}
