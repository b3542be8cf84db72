using Kecs.Ecs;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The service scheduler's throttle for a deployment whose tasks keep failing. Failures count until a
/// task of the deployment has run for <see cref="ServiceThrottleOptions.StableAfter"/>. Once
/// <see cref="ServiceThrottleOptions.FailuresBeforeThrottle"/> failures count, the next start waits
/// <see cref="ServiceThrottleOptions.FirstDelay"/> after the latest one, twice that after one more
/// failure, and so on up to <see cref="ServiceThrottleOptions.MaxDelay"/>.
/// </summary>
public static class ReplacementThrottle
{
    /// <summary>
    /// The tasks of one deployment or task set (by startedBy) that failed, and when: stopped, or stopping with a stop
    /// code of their own (their replacement may start meanwhile), for any reason but a scale-in, a replacement or StopTask.
    /// </summary>
    public static List<(DesiredTask Task, DateTimeOffset At)> Failures(IEnumerable<DesiredTask> tasks, string? startedBy, DateTimeOffset now) =>
        tasks.Where(t => t.Task.StartedBy == startedBy && (t.HasStopped || (!t.WantsToRun && t.Task.StopCode is not null))
                         && t.Task.StopCode is not (StopCodes.ServiceSchedulerInitiated or StopCodes.UserInitiated))
            .Select(t => (Task: t, At: t.Task.StoppedAt ?? t.Task.ExecutionStoppedAt ?? now))
            .ToList();

    /// <summary>The failures (task and when it failed) that a stable run of the deployment has not yet made up for.</summary>
    public static List<(DesiredTask Task, DateTimeOffset At)> Unresolved(
        IEnumerable<(DesiredTask Task, DateTimeOffset At)> failures, IEnumerable<DesiredTask> deploymentTasks, DateTimeOffset now,
        ServiceThrottleOptions options)
    {
        var stableSince = deploymentTasks
            .Where(t => t.Task.StartedAt is { } started && (t.Task.StoppedAt ?? now) - started >= options.StableAfter)
            .Select(t => t.Task.StartedAt!.Value + options.StableAfter)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        return failures.Where(failure => failure.At > stableSince).ToList();
    }

    /// <summary>When the next task may start, or null when starts are not throttled.</summary>
    public static DateTimeOffset? NextStart(IReadOnlyCollection<DateTimeOffset> unresolved, ServiceThrottleOptions options)
    {
        if (unresolved.Count == 0 || unresolved.Count < options.FailuresBeforeThrottle)
        {
            return null;
        }

        var doublings = Math.Min(unresolved.Count - options.FailuresBeforeThrottle, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstDelay.Ticks * Math.Pow(2, doublings), options.MaxDelay.Ticks));
        return unresolved.Max() + delay;
    }
}
