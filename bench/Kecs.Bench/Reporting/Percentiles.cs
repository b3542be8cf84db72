namespace Kecs.Bench;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile of the samples, in milliseconds.</summary>
    public static double Of(IReadOnlyList<TimeSpan> samples, double percentile)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Describe(string what, IReadOnlyList<TimeSpan> samples) =>
        $"{what}: n={samples.Count} p50={Of(samples, 50):F1} ms p95={Of(samples, 95):F1} ms max={Of(samples, 100):F1} ms";
}
