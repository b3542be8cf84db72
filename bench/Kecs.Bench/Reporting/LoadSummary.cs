using System.Globalization;
using Kecs.Bench.Load;

namespace Kecs.Bench.Reporting;

/// <summary>Requests per second and p50/p95/p99 latency per operation and overall, each the median over runs.</summary>
public sealed record LoadFigures(double RequestsPerSecond, double P50, double P95, double P99)
{
    public static LoadFigures Median(IReadOnlyList<LoadFigures> runs) => new(
        Percentiles.Median(runs.Select(r => r.RequestsPerSecond)), Percentiles.Median(runs.Select(r => r.P50)),
        Percentiles.Median(runs.Select(r => r.P95)), Percentiles.Median(runs.Select(r => r.P99)));

    public static LoadFigures Of(IReadOnlyList<TimeSpan> latencies, TimeSpan duration) => new(
        latencies.Count / duration.TotalSeconds, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 95), Percentiles.Of(latencies, 99));

    public string Cells() => string.Create(CultureInfo.InvariantCulture, $"{RequestsPerSecond:F0} | {P50:F2} | {P95:F2} | {P99:F2}");
}

/// <summary>The figures of several closed-loop runs against one target, by operation ("overall" for all of them).</summary>
public sealed class LoadSummary(IReadOnlyList<LoadResult> runs)
{
    public const string Overall = "overall";

    /// <summary>Rounds that failed (a non-200 answer), over all runs.</summary>
    public int FailedRounds => runs.Sum(run => run.FailedRounds);

    public LoadFigures this[string operation] => LoadFigures.Median(runs.Select(run => operation == Overall
        ? LoadFigures.Of(run.All, run.Duration)
        : LoadFigures.Of(run.Latencies.GetValueOrDefault(operation) ?? [], run.Duration)).ToList());
}
