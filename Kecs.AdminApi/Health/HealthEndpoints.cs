namespace Kecs.AdminApi.Health;

/// <summary><c>/admin/health</c> for people and monitors, <c>/admin/ready</c> for scripts that wait for Kecs.</summary>
public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealthEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/health", async (SystemHealth health, CancellationToken cancellation) =>
            {
                var report = await health.CheckAsync(cancellation);
                return Results.Json(report, AdminJsonContext.Default.HealthReport, statusCode: StatusCode(report));
            })
            .WithSummary("The health of the gateway, EcsApi, the Scheduler, storage and Kubernetes")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        admin.MapGet("/ready", async (SystemHealth health, CancellationToken cancellation) =>
            {
                var report = await health.CheckAsync(cancellation);
                return Results.Text(report.Status == HealthStatus.Healthy ? "ready\n" : $"not ready: {Reasons(report)}\n",
                    statusCode: StatusCode(report));
            })
            .WithSummary("200 once every part of Kecs is healthy, 503 with the reason until then")
            .Produces<string>(contentType: "text/plain").Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
        return admin;
    }

    private static int StatusCode(HealthReport report) =>
        report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;

    private static string Reasons(HealthReport report)
    {
        var parts = report.Components;
        (string Name, string Status, string Detail)[] all =
        [
            ("gateway", parts.Gateway.Status, parts.Gateway.Detail), ("ecsapi", parts.EcsApi.Status, parts.EcsApi.Detail),
            ("scheduler", parts.Scheduler.Status, parts.Scheduler.Detail), ("storage", parts.Storage.Status, parts.Storage.Detail),
            ("kubernetes", parts.Kubernetes.Status, parts.Kubernetes.Detail),
        ];
        return string.Join("; ", all.Where(p => p.Status != HealthStatus.Healthy).Select(p => $"{p.Name} {p.Status}: {p.Detail}"));
    }
}
