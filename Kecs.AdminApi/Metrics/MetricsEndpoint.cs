using System.Globalization;
using System.Text;
using Kecs.AdminApi.Components;
using Kecs.AdminApi.Health;

namespace Kecs.AdminApi.Metrics;

/// <summary>
/// <c>GET /admin/metrics</c>: one Prometheus text of the whole system. EcsApi and the Scheduler expose
/// their own instruments through OpenTelemetry's Prometheus exporter; their <c>kecs_</c> families are
/// gathered here (the names do not overlap), with <c>kecs_component_up</c> for each part AdminApi checks.
/// </summary>
public static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static RouteGroupBuilder MapMetricsEndpoint(this RouteGroupBuilder admin)
    {
        admin.MapGet("/metrics", async (KecsComponents components, SystemHealth health, CancellationToken cancellation) =>
            {
                var text = new StringBuilder();
                var report = await health.CheckAsync(cancellation);
                text.Append("# TYPE kecs_component_up gauge\n# HELP kecs_component_up 1 when the part of Kecs is healthy, else 0\n");
                foreach (var (name, status) in new[]
                         {
                             ("gateway", report.Components.Gateway.Status), ("ecsapi", report.Components.EcsApi.Status),
                             ("scheduler", report.Components.Scheduler.Status), ("storage", report.Components.Storage.Status),
                             ("kubernetes", report.Components.Kubernetes.Status),
                         })
                {
                    text.Append(CultureInfo.InvariantCulture, $"kecs_component_up{{component=\"{name}\"}} {(status == HealthStatus.Healthy ? 1 : 0)}\n");
                }

                foreach (var component in new[] { components.EcsApi, components.Scheduler })
                {
                    try
                    {
                        text.Append(PrometheusText.KecsFamilies(await component.MetricsAsync(cancellation)));
                    }
                    catch (HttpRequestException)
                    {
                        // A component that does not answer has kecs_component_up 0 and no other figures.
                    }
                }

                return Results.Text(text.ToString(), ContentType);
            })
            .WithSummary("Prometheus metrics of all of Kecs: ECS requests, tasks, services, Scheduler lag and reconcile durations")
            .Produces<string>(contentType: "text/plain");
        return admin;
    }
}
