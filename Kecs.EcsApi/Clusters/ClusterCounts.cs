using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// A cluster's counters, computed from its services and tasks when it is read so they are always
/// true to state. Fargate means the FARGATE launch type; everything else counts as EC2, as ECS does.
/// </summary>
public sealed record ClusterCounts(
    int ActiveServices, int DrainingServices, int ActiveFargateServices, int DrainingFargateServices,
    int RunningTasks, int PendingTasks, int RunningFargateTasks, int PendingFargateTasks)
{
    public static readonly ClusterCounts None = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Both tables counted in one statement: DuckDB's cost is per statement far more than per row.</summary>
    public static ClusterCounts Of(DuckDBConnection connection, string clusterArn) =>
        connection.Query(
            $"""
            SELECT s.active, s.draining, s.active_fargate, s.draining_fargate,
                   t.running, t.pending, t.running_fargate, t.pending_fargate
            FROM (SELECT count(*) FILTER (status = 'ACTIVE') AS active,
                         count(*) FILTER (status = 'DRAINING') AS draining,
                         count(*) FILTER (status = 'ACTIVE' AND launch_type = 'FARGATE') AS active_fargate,
                         count(*) FILTER (status = 'DRAINING' AND launch_type = 'FARGATE') AS draining_fargate
                  FROM services WHERE cluster_arn = $1) s,
                 (SELECT count(*) FILTER (last_status = 'RUNNING') AS running,
                         count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates})) AS pending,
                         count(*) FILTER (last_status = 'RUNNING' AND launch_type = 'FARGATE') AS running_fargate,
                         count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates}) AND launch_type = 'FARGATE') AS pending_fargate
                  FROM tasks WHERE cluster_arn = $1) t
            """,
            reader => new ClusterCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)),
            clusterArn).Single();

    public List<EcsKeyValuePair> Statistics() =>
    [
        Statistic("runningEC2TasksCount", RunningTasks - RunningFargateTasks),
        Statistic("runningFargateTasksCount", RunningFargateTasks),
        Statistic("pendingEC2TasksCount", PendingTasks - PendingFargateTasks),
        Statistic("pendingFargateTasksCount", PendingFargateTasks),
        Statistic("activeEC2ServiceCount", ActiveServices - ActiveFargateServices),
        Statistic("activeFargateServiceCount", ActiveFargateServices),
        Statistic("drainingEC2ServiceCount", DrainingServices - DrainingFargateServices),
        Statistic("drainingFargateServiceCount", DrainingFargateServices),
    ];

    private static EcsKeyValuePair Statistic(string name, int value) => new() { Name = name, Value = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
