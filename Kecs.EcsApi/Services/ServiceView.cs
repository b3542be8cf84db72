using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Services;

/// <summary>A stored service as operations return it: running and pending counts taken from its tasks.</summary>
public static class ServiceView
{
    public static Service Of(DuckDBConnection connection, Service stored, bool includeTags)
    {
        var service = Documents.Copy(stored, EcsJsonContext.Default.Service);
        var counts = connection.Query(
            $"""
            SELECT coalesce(started_by, ''),
                   count(*) FILTER (last_status = 'RUNNING'),
                   count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates}))
            FROM tasks WHERE service_arn = $1 AND desired_status = 'RUNNING'
            GROUP BY ALL
            """,
            reader => (StartedBy: reader.GetString(0), Running: reader.GetInt32(1), Pending: reader.GetInt32(2)),
            stored.ServiceArn).ToDictionary(row => row.StartedBy);
        service.RunningCount = counts.Values.Sum(row => row.Running);
        service.PendingCount = counts.Values.Sum(row => row.Pending);
        foreach (var deployment in service.Deployments ?? [])
        {
            var of = counts.GetValueOrDefault(deployment.Id ?? "");
            deployment.RunningCount = of.Running;
            deployment.PendingCount = of.Pending;
        }

        service.Tags = includeTags ? ResourceTagStore.Read(connection, stored.ServiceArn!) : null;
        return service;
    }
}
