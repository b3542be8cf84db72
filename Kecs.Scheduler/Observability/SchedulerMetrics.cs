using System.Diagnostics.Metrics;
using Kecs.Scheduler.Convergence;

namespace Kecs.Scheduler.Observability;

/// <summary>
/// The Scheduler's own instruments (meter <c>Kecs.Scheduler</c>): how long converging a task, service
/// or cluster takes, and how far behind the Scheduler is (work waiting, and for how long).
/// </summary>
public sealed class SchedulerMetrics
{
    public const string MeterName = "Kecs.Scheduler";

    private readonly Histogram<double> _reconcile;

    public SchedulerMetrics(IMeterFactory meters, ReconcileQueue queue)
    {
        var meter = meters.Create(MeterName);
        _reconcile = meter.CreateHistogram("kecs.scheduler.reconcile.duration", unit: "s",
            description: "Time to converge one task, service or cluster",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("kecs.scheduler.lag", () => queue.OldestWait.TotalSeconds, unit: "s",
            description: "Age of the oldest change not yet converged");
        meter.CreateObservableGauge("kecs.scheduler.queue.depth", () => queue.Depth, description: "Tasks, services and clusters waiting to be converged");
    }

    public void Reconciled(WorkKind kind, TimeSpan duration) =>
        _reconcile.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));
}
