using Kecs.AdminApi.Components;
using Kecs.Ecs.Internal;

namespace Kecs.AdminApi.Health;

/// <summary>
/// Asks every part of Kecs how it is, at once and each within the probe timeout, so a part that stops
/// answering shows on the next check and so does its recovery. Overall healthy only when all are.
/// </summary>
public sealed class SystemHealth(KecsComponents components, TimeProvider clock)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellation)
    {
        var gatewayProbe = components.Gateway.ProbeAsync(cancellation);
        var ecsApiProbe = components.EcsApi.ProbeAsync(cancellation);
        var schedulerProbe = components.Scheduler.ProbeAsync(cancellation);
        var storage = components.EcsApi.TryGetAsync(InternalApi.StatusPath, InternalJsonContext.Default.EcsApiStatus, cancellation);
        var scheduler = components.Scheduler.TryGetAsync(InternalApi.StatusPath, InternalJsonContext.Default.SchedulerStatus, cancellation);
        await Task.WhenAll(gatewayProbe, ecsApiProbe, schedulerProbe, storage, scheduler);

        var parts = new HealthComponents(
            Component(gatewayProbe.Result),
            Component(ecsApiProbe.Result),
            Scheduler(schedulerProbe.Result, scheduler.Result),
            Storage(storage.Result),
            Kubernetes(scheduler.Result));
        string[] statuses = [parts.Gateway.Status, parts.EcsApi.Status, parts.Scheduler.Status, parts.Storage.Status, parts.Kubernetes.Status];
        var overall = statuses.All(s => s == HealthStatus.Healthy) ? HealthStatus.Healthy
            : statuses.Contains(HealthStatus.Unhealthy) ? HealthStatus.Unhealthy
            : HealthStatus.Degraded;
        return new HealthReport(overall, clock.GetUtcNow(), parts);
    }

    private static ComponentHealth Component(ComponentProbe probe) => new(Verdict(probe), probe.Detail);

    private static SchedulerHealth Scheduler(ComponentProbe probe, (SchedulerStatus? Value, string? Error) status) => new(
        Verdict(probe), probe.Detail, status.Value?.Runtime, status.Value?.FeedSequence, status.Value?.QueueDepth, status.Value?.OldestUnconvergedSeconds);

    private static StorageHealth Storage((EcsApiStatus? Value, string? Error) status) => status.Value is { } storage
        ? new(HealthStatus.Healthy, "EcsApi has the database open", storage.DatabasePath, storage.DatabaseSizeBytes, storage.LastWriteAt)
        : new(HealthStatus.Unhealthy, $"EcsApi did not report on its database: {status.Error}", null, null, null);

    private static KubernetesHealth Kubernetes((SchedulerStatus? Value, string? Error) status) => status.Value switch
    {
        null => new(HealthStatus.Unhealthy, $"the Scheduler did not report on its runtime: {status.Error}", null, null, null, null, null),
        { Runtime: "simulated" } simulated => new(HealthStatus.Healthy, $"not in use: the simulated runtime runs tasks ({simulated.Detail})",
            simulated.Runtime, null, null, null, null),
        { ApiServerError: { } error } failing => new(HealthStatus.Unhealthy, error,
            failing.Runtime, failing.KubeContext, failing.ApiServer, null, error),
        var reachable => new(HealthStatus.Healthy, $"API server {reachable.ApiServer} answers (Kubernetes {reachable.ApiServerVersion})",
            reachable.Runtime, reachable.KubeContext, reachable.ApiServer, reachable.ApiServerVersion, null),
    };

    private static string Verdict(ComponentProbe probe) => probe switch
    {
        { Healthy: true } => HealthStatus.Healthy,
        { Detail: "Degraded" } => HealthStatus.Degraded,
        _ => HealthStatus.Unhealthy,
    };
}
