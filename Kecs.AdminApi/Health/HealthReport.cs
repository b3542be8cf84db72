namespace Kecs.AdminApi.Health;

/// <summary>The health of the whole system: an overall status and each part's.</summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, HealthComponents Components);

public sealed record HealthComponents(
    ComponentHealth Gateway, ComponentHealth EcsApi, SchedulerHealth Scheduler, StorageHealth Storage, KubernetesHealth Kubernetes);

public sealed record ComponentHealth(string Status, string Detail);

public sealed record SchedulerHealth(string Status, string Detail, string? Runtime, long? FeedSequence, int? QueueDepth, double? LagSeconds);

public sealed record StorageHealth(string Status, string Detail, string? DatabasePath, long? SizeBytes, DateTimeOffset? LastWriteAt);

public sealed record KubernetesHealth(
    string Status, string Detail, string? Runtime, string? Context, string? ApiServer, string? Version, string? Error);

/// <summary>The words a status can be.</summary>
public static class HealthStatus
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";
}
