using System.Reflection;
using Kecs.AdminApi.Components;
using Kecs.Ecs.Internal;

namespace Kecs.AdminApi.Health;

/// <summary>
/// What this Kecs is: version, where to reach it, region and account, where its data lives, its runtime, the AWS
/// companion that serves the other AWS services, how long it has run.
/// </summary>
public sealed record InfoReport(
    string Version, InfoEndpointsReport Endpoints, string? Region, string? AccountId, string? DataDirectory, string? DatabasePath,
    string? Runtime, string? RuntimeDetail, InfoAwsReport Aws, DateTimeOffset StartedAt, double UptimeSeconds);

public sealed record InfoEndpointsReport(string? Ecs, string? Admin, string? Metrics, string? OpenApi);

/// <summary>The AWS companion: its base URL (<c>Aws:Endpoint</c>; absent when there is none) and what it is (<c>Aws:Companion</c>).</summary>
public sealed record InfoAwsReport(string? Endpoint, string Companion)
{
    public static InfoAwsReport From(IConfiguration configuration)
    {
        var endpoint = configuration["Aws:Endpoint"] is { Length: > 0 } url ? url : null;
        return new InfoAwsReport(endpoint, configuration["Aws:Companion"] is { Length: > 0 } companion ? companion : endpoint ?? "none");
    }
}

public static class InfoEndpoints
{
    private static readonly DateTimeOffset StartedAt = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());

    public static RouteGroupBuilder MapInfoEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/info", async (KecsComponents components, IConfiguration configuration, TimeProvider clock, CancellationToken cancellation) =>
            {
                var ecsApi = (await components.EcsApi.TryGetAsync(InternalApi.StatusPath, InternalJsonContext.Default.EcsApiStatus, cancellation)).Value;
                var scheduler = (await components.Scheduler.TryGetAsync(InternalApi.StatusPath, InternalJsonContext.Default.SchedulerStatus, cancellation)).Value;
                var gateway = configuration["services:gateway:http:0"]?.TrimEnd('/');
                return Results.Json(new InfoReport(
                    typeof(InfoEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
                    new InfoEndpointsReport(gateway, gateway + "/admin/", gateway + "/admin/metrics", gateway + "/admin/openapi/v1.json"),
                    ecsApi?.DefaultRegion, ecsApi?.AccountId,
                    ecsApi is null ? null : Path.GetDirectoryName(ecsApi.DatabasePath), ecsApi?.DatabasePath,
                    scheduler?.Runtime, scheduler?.Detail, InfoAwsReport.From(configuration),
                    StartedAt, (clock.GetUtcNow() - StartedAt).TotalSeconds), AdminJsonContext.Default.InfoReport);
            })
            .WithSummary("Version, endpoints, region, account id, data directory, runtime, AWS companion and uptime")
            .Produces<InfoReport>();
        return admin;
    }
}
