using System.Diagnostics.Metrics;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Observability;

/// <summary>
/// EcsApi's own instruments (meter <c>Kecs.EcsApi</c>): ECS requests by operation and outcome, and,
/// counted in memory when scraped, tasks by lastStatus and services by status and rollout state, and the DuckDB
/// transactions the writer has committed.
/// </summary>
public sealed class EcsApiMetrics
{
    public const string MeterName = "Kecs.EcsApi";

    private readonly Counter<long> _requests;

    public EcsApiMetrics(IMeterFactory meters, EcsStore store)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("kecs.ecs.requests", description: "ECS API requests by operation and outcome");
        meter.CreateObservableGauge("kecs.ecs.tasks", () => store.Current.Tasks.Values
                .CountBy(task => task.LastStatus)
                .Select(count => new Measurement<long>(count.Value, new KeyValuePair<string, object?>("last_status", count.Key))),
            description: "Stored tasks by lastStatus");
        meter.CreateObservableGauge("kecs.ecs.services", () => store.Current.Services.Values
                // deployments[0] is the PRIMARY deployment: new deployments are put first.
                .CountBy(service => (service.Status, RolloutState: ServiceStore.Read(service).Deployments?.FirstOrDefault()?.RolloutState ?? "NONE"))
                .Select(count => new Measurement<long>(count.Value,
                    new KeyValuePair<string, object?>("status", count.Key.Status),
                    new KeyValuePair<string, object?>("rollout_state", count.Key.RolloutState))),
            description: "Services by status and the rollout state of their PRIMARY deployment");
        meter.CreateObservableCounter("kecs.storage.commits", () => store.Commits,
            description: "DuckDB transactions committed to persist writes (merges of row versions not counted)");
    }

    /// <summary>One ECS request answered with <paramref name="statusCode"/> (and the error's type when it failed).</summary>
    public void Request(string operation, int statusCode, string? errorType) => _requests.Add(1,
        new KeyValuePair<string, object?>("operation", operation),
        new KeyValuePair<string, object?>("outcome", statusCode switch { < 400 => "success", < 500 => "client_error", _ => "server_error" }),
        new KeyValuePair<string, object?>("error_type", errorType ?? ""));
}
