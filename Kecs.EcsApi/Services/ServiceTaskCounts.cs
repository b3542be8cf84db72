using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Services;

/// <summary>A service's RUNNING and pending tasks that are wanted running, per deployment id (the tasks' startedBy).</summary>
public sealed record ServiceTaskCounts(IReadOnlyDictionary<string, (int Running, int Pending)> ByDeployment)
{
    public static readonly ServiceTaskCounts None = new(new Dictionary<string, (int, int)>());

    public int Running => ByDeployment.Values.Sum(count => count.Running);

    public int Pending => ByDeployment.Values.Sum(count => count.Pending);

    public (int Running, int Pending) Of(string? deploymentId) => ByDeployment.GetValueOrDefault(deploymentId ?? "");

    public static ServiceTaskCounts Read(DuckDBConnection connection, string serviceArn) =>
        ReadMany(connection, [serviceArn]).GetValueOrDefault(serviceArn) ?? None;

    /// <summary>The counts of several services with one statement; a service without wanted tasks has no entry.</summary>
    public static Dictionary<string, ServiceTaskCounts> ReadMany(DuckDBConnection connection, IReadOnlyList<string> serviceArns) =>
        serviceArns.Count == 0 ? [] : connection.Query(
                $"""
                SELECT service_arn, coalesce(started_by, ''),
                       count(*) FILTER (last_status = 'RUNNING'),
                       count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates}))
                FROM tasks WHERE service_arn IN ({DuckDbCommands.Placeholders(serviceArns.Count)}) AND desired_status = 'RUNNING'
                GROUP BY ALL
                """,
                reader => (Service: reader.GetString(0), StartedBy: reader.GetString(1), Running: reader.GetInt32(2), Pending: reader.GetInt32(3)),
                [.. serviceArns])
            .GroupBy(row => row.Service)
            .ToDictionary(rows => rows.Key, rows => new ServiceTaskCounts(rows.ToDictionary(row => row.StartedBy, row => (row.Running, row.Pending))));
}
