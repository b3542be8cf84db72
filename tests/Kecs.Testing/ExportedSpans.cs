using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Kecs.Testing;

/// <summary>
/// The spans a service's OpenTelemetry pipeline exports, as its exporter would send them to the dashboard: after the
/// instrumentations' filters and the sampler, which an <see cref="ActivityListener"/> of its own does not see. EcsApi and
/// the Scheduler in one process each export the other's HTTP spans too; a span is kept once.
/// </summary>
public sealed class ExportedSpans : BaseExporter<Activity>
{
    private readonly HashSet<Activity> _spans = [];

    /// <summary>Adds this exporter to a service's tracer provider (pass it as the service's replaced services).</summary>
    public void Register(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(this)));

    public IReadOnlyList<Activity> All
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_spans)
        {
            foreach (var span in batch)
            {
                _spans.Add(span);
            }
        }

        return ExportResult.Success;
    }
}
