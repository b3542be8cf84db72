using DuckDB.NET.Data;
using Kecs.Ecs.Internal;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Admin;

/// <summary>
/// Removes all ECS state in one transaction. Every cluster, service, daemon and task first gets a change-feed
/// entry, so the Scheduler sees each one deleted and removes what it runs for them on Kubernetes. A node Kecs cordoned
/// (UpdateContainerInstancesState DRAINING) stays cordoned.
/// </summary>
public static class StateReset
{
    public static ResetResult Reset(DuckDBConnection connection)
    {
        var result = AnnounceAll(connection);
        foreach (var table in StateTables.Names)
        {
            connection.Execute($"DELETE FROM {table}");
        }

        return result;
    }

    /// <summary>Puts every cluster, service, daemon and task in the change feed; the Scheduler looks at each again.</summary>
    public static ResetResult AnnounceAll(DuckDBConnection connection)
    {
        Announce(connection, "daemons", ChangeKind.Daemon);
        return new ResetResult
        {
            Clusters = Announce(connection, "clusters", ChangeKind.Cluster),
            Services = Announce(connection, "services", ChangeKind.Service),
            Tasks = Announce(connection, "tasks", ChangeKind.Task),
            TaskDefinitions = connection.Scalar<int>("SELECT count(*) FROM task_definitions"),
            Sequence = connection.Scalar<long?>("SELECT max(sequence) FROM changes") ?? 0,
        };
    }

    private static int Announce(DuckDBConnection connection, string table, string kind)
    {
        var arns = connection.Query($"SELECT arn FROM {table}", reader => reader.GetString(0));
        foreach (var arn in arns)
        {
            ChangeLog.Record(connection, kind, arn);
        }

        return arns.Count;
    }
}
