using System.Reflection;
using Kecs.AdminApi.Components;
using Kecs.Ecs.Internal;

namespace Kecs.AdminApi.Health;

/// <summary>What this Kecs is: version, where to reach it, region and account, where its data lives, its runtime, how long it has run.</summary>
public sealed record InfoReport(
    string Version, InfoEndpointsReport Endpoints, string? Region, string? AccountId, string? DataDirectory, string? DatabasePath,
    string? Runtime, string? RuntimeDetail, DateTimeOffset StartedAt, double UptimeSeconds);

public sealed record InfoEndpointsReport(string? Ecs, string? Admin, string? Metrics, string? OpenApi);

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
                    scheduler?.Runtime, scheduler?.Detail,
                    StartedAt, (clock.GetUtcNow() - StartedAt).TotalSeconds), AdminJsonContext.Default.InfoReport);
            })
            .WithSummary("Version, endpoints, region, account id, data directory, runtime and uptime")
            .Produces<InfoReport>();
        return admin;
    }
}
