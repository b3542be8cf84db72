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

    public static ClusterCounts Of(DuckDBConnection connection, string clusterArn)
    {
        var services = connection.Query(
            """
            SELECT count(*) FILTER (status = 'ACTIVE'),
                   count(*) FILTER (status = 'DRAINING'),
                   count(*) FILTER (status = 'ACTIVE' AND launch_type = 'FARGATE'),
                   count(*) FILTER (status = 'DRAINING' AND launch_type = 'FARGATE')
            FROM services WHERE cluster_arn = $1
            """,
            reader => (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)),
            clusterArn).Single();
        var tasks = connection.Query(
            $"""
            SELECT count(*) FILTER (last_status = 'RUNNING'),
                   count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates})),
                   count(*) FILTER (last_status = 'RUNNING' AND launch_type = 'FARGATE'),
                   count(*) FILTER (last_status IN ({TaskStatusSql.PendingStates}) AND launch_type = 'FARGATE')
            FROM tasks WHERE cluster_arn = $1
            """,
            reader => (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)),
            clusterArn).Single();
        return new ClusterCounts(services.Item1, services.Item2, services.Item3, services.Item4,
            tasks.Item1, tasks.Item2, tasks.Item3, tasks.Item4);
    }

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
