namespace Kecs.Scheduler.Convergence;

/// <summary>
/// How every Scheduler loop waits before it tries again: the first delay after the first failure, twice as long after
/// each failure that follows, never longer than the ceiling, and the first delay again after a success.
/// </summary>
public sealed class Backoff(TimeSpan first, TimeSpan ceiling)
{
    private int _failures;

    /// <summary>The delay before the next try after one more failure.</summary>
    public TimeSpan Failed() => DelayAfter(++_failures, first, ceiling);

    public void Succeeded() => _failures = 0;

    /// <summary>The delay after <paramref name="failures"/> failures in a row (at least one).</summary>
    public static TimeSpan DelayAfter(int failures, TimeSpan first, TimeSpan ceiling) =>
        TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Min(failures - 1, 40)), ceiling.Ticks));
}
