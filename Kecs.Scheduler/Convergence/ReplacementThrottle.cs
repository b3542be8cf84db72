namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The service scheduler's throttle for a deployment whose tasks keep failing: once
/// <see cref="ServiceThrottleOptions.FailuresBeforeThrottle"/> tasks failed since the service was last
/// steady, the next start waits <see cref="ServiceThrottleOptions.FirstDelay"/> after the latest failure,
/// twice that after one more failure, and so on up to <see cref="ServiceThrottleOptions.MaxDelay"/>.
/// </summary>
public static class ReplacementThrottle
{
    /// <summary>When the next task may start, or null when starts are not throttled.</summary>
    public static DateTimeOffset? NextStart(IReadOnlyCollection<DateTimeOffset> failures, ServiceThrottleOptions options)
    {
        if (failures.Count < options.FailuresBeforeThrottle || failures.Count == 0)
        {
            return null;
        }

        var doublings = Math.Min(failures.Count - options.FailuresBeforeThrottle, 30);
        var delay = TimeSpan.FromTicks((long)Math.Min(options.FirstDelay.Ticks * Math.Pow(2, doublings), options.MaxDelay.Ticks));
        return failures.Max() + delay;
    }
}
