using System.Diagnostics.Metrics;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Observability;

/// <summary>
/// EcsApi's own instruments (meter <c>Kecs.EcsApi</c>): ECS requests by operation and outcome, and,
/// read from the database when scraped, tasks by lastStatus and services by status and rollout state.
/// </summary>
public sealed class EcsApiMetrics
{
    public const string MeterName = "Kecs.EcsApi";

    private readonly Counter<long> _requests;

    public EcsApiMetrics(IMeterFactory meters, EcsDatabase database)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("kecs.ecs.requests", description: "ECS API requests by operation and outcome");
        meter.CreateObservableGauge("kecs.ecs.tasks", () => database.Read(connection => connection.Query(
            "SELECT last_status, count(*) FROM tasks GROUP BY ALL",
            reader => new Measurement<long>(reader.GetInt64(1), new KeyValuePair<string, object?>("last_status", reader.GetString(0))))),
            description: "Stored tasks by lastStatus");
        meter.CreateObservableGauge("kecs.ecs.services", () => database.Read(connection => connection.Query(
            // deployments[0] is the PRIMARY deployment: new deployments are put first.
            "SELECT status, coalesce(json_extract_string(document, '$.deployments[0].rolloutState'), 'NONE'), count(*) FROM services GROUP BY ALL",
            reader => new Measurement<long>(reader.GetInt64(2),
                new KeyValuePair<string, object?>("status", reader.GetString(0)),
                new KeyValuePair<string, object?>("rollout_state", reader.GetString(1))))),
            description: "Services by status and the rollout state of their PRIMARY deployment");
    }

    /// <summary>One ECS request answered with <paramref name="statusCode"/> (and the error's type when it failed).</summary>
    public void Request(string operation, int statusCode, string? errorType) => _requests.Add(1,
        new KeyValuePair<string, object?>("operation", operation),
        new KeyValuePair<string, object?>("outcome", statusCode switch { < 400 => "success", < 500 => "client_error", _ => "server_error" }),
        new KeyValuePair<string, object?>("error_type", errorType ?? ""));
}
