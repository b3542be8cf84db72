using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Services;

/// <summary>A service's RUNNING and pending tasks that are wanted running, per deployment id (the tasks' startedBy).</summary>
public sealed record ServiceTaskCounts(IReadOnlyDictionary<string, (int Running, int Pending)> ByDeployment)
{
    public int Running => ByDeployment.Values.Sum(count => count.Running);

    public int Pending => ByDeployment.Values.Sum(count => count.Pending);

    public (int Running, int Pending) Of(string? deploymentId) => ByDeployment.GetValueOrDefault(deploymentId ?? "");

    public static ServiceTaskCounts Read(DuckDBConnection connection, string serviceArn) => new(connection.Query(
            $"""
            SELECT coalesce(started_by, ''),
                   count(*) FILTER (last_status = 'RUNNING'),
                   count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates}))
            FROM tasks WHERE service_arn = $1 AND desired_status = 'RUNNING'
            GROUP BY ALL
            """,
            reader => (StartedBy: reader.GetString(0), Running: reader.GetInt32(1), Pending: reader.GetInt32(2)),
            serviceArn)
        .ToDictionary(row => row.StartedBy, row => (row.Running, row.Pending)));
}
