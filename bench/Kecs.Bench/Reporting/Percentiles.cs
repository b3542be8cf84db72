namespace Kecs.Bench.Reporting;

public static class Percentiles
{
    /// <summary>The nearest-rank percentile of the samples, in milliseconds.</summary>
    public static double Of(IReadOnlyList<TimeSpan> samples, double percentile)
    {
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The median of several runs' figures.</summary>
    public static double Median(IEnumerable<double> runs)
    {
        var sorted = runs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
