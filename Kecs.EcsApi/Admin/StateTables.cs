using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Admin;

/// <summary>
/// The tables that hold ECS state, in an order that imports cleanly, with their columns as the
/// schema declares them. The change feed (<c>changes</c>), <c>schema_version</c> and the Kubernetes nodes the Scheduler
/// reports (<c>kube_nodes</c>: facts about the cluster, which a reset does not change) are not state.
/// </summary>
public static class StateTables
{
    public static readonly string[] Names =
    [
        "clusters", "task_definition_families", "task_definitions", "services", "tasks", "resource_tags",
        "run_task_tokens", "account_settings", "service_deployments", "service_revisions", "capacity_providers",
        "container_instances", "daemon_task_definitions", "daemons", "node_states",
    ];

    public static List<(string Name, string Type)> Columns(DuckDBConnection connection, string table) =>
        connection.Query(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
            reader => (reader.GetString(0), reader.GetString(1)),
            table);
}
