using Kecs.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The wiring every Kecs service shares, following the contract of Aspire's ServiceDefaults project:
/// telemetry, health endpoints, service discovery and resilient HttpClients (which retry only safe methods).
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>Prometheus text of this service's metrics; AdminApi gathers the <c>kecs_</c> ones into <c>/admin/metrics</c>.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Attribute sets each metric stream keeps apart (more are counted in one overflow series). The SDK preallocates
    /// every stream's points: its default of 2,000 held about 5 MB of each idle Kecs process. Kecs's widest
    /// instrument, requests by operation and outcome, stays well below this.
    /// </summary>
    public const int MetricPointsPerStream = 500;

    /// <summary>Meters of Kecs's own instruments (Kecs.EcsApi, Kecs.Scheduler, Kecs.AdminApi).</summary>
    public const string KecsMeters = "Kecs.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddParentProcessWatchdog(builder.Configuration);
        builder.Services.AddInlineRequestScheduling(builder.Configuration);
        builder.Services.AddOptions<InternalApiOptions>().BindConfiguration("Internal");

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // A POST that timed out may have been applied: sending it again would apply it twice. Callers retry those themselves.
            http.AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(KecsMeters)
                .AddView("*", new MetricStreamConfiguration { CardinalityLimit = MetricPointsPerStream })
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !UntracedRequests.IsUntraced(context.Request))
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => !UntracedRequests.IsUntraced(request)));

        var otlpEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlpEndpoint))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check must pass: readiness), <c>/alive</c> (only checks tagged
    /// <c>live</c>: liveness) and <c>/metrics</c>. Unlike the Aspire template these are mapped in every environment,
    /// because Kubernetes probes and the Kecs AppHost rely on them outside Development too.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthPath);
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
