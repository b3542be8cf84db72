using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// A cluster's counters, kept up to date in memory as its services and tasks change (each row adds its share when
/// stored and takes it back when replaced). Fargate means the FARGATE launch type; everything else counts as EC2, as ECS does.
/// </summary>
public sealed record ClusterCounts(
    int ActiveServices, int DrainingServices, int ActiveFargateServices, int DrainingFargateServices,
    int RunningTasks, int PendingTasks, int RunningFargateTasks, int PendingFargateTasks, int LiveTasks)
{
    public static readonly ClusterCounts None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static ClusterCounts Of(ServiceRow? service)
    {
        if (service is null)
        {
            return None;
        }

        var active = service.Status == "ACTIVE" ? 1 : 0;
        var draining = service.Status == "DRAINING" ? 1 : 0;
        var fargate = service.LaunchType == "FARGATE" ? 1 : 0;
        return None with
        {
            ActiveServices = active, DrainingServices = draining,
            ActiveFargateServices = active * fargate, DrainingFargateServices = draining * fargate,
        };
    }

    public static ClusterCounts Of(TaskRow? task)
    {
        if (task is null)
        {
            return None;
        }

        var running = task.LastStatus == TaskLifecycle.Running ? 1 : 0;
        var pending = TaskLifecycle.PendingStates.Contains(task.LastStatus) ? 1 : 0;
        var fargate = task.LaunchType == "FARGATE" ? 1 : 0;
        return None with
        {
            RunningTasks = running, PendingTasks = pending,
            RunningFargateTasks = running * fargate, PendingFargateTasks = pending * fargate,
            LiveTasks = task.LastStatus == TaskLifecycle.Stopped ? 0 : 1,
        };
    }

    public static ClusterCounts operator +(ClusterCounts a, ClusterCounts b) => new(
        a.ActiveServices + b.ActiveServices, a.DrainingServices + b.DrainingServices,
        a.ActiveFargateServices + b.ActiveFargateServices, a.DrainingFargateServices + b.DrainingFargateServices,
        a.RunningTasks + b.RunningTasks, a.PendingTasks + b.PendingTasks,
        a.RunningFargateTasks + b.RunningFargateTasks, a.PendingFargateTasks + b.PendingFargateTasks, a.LiveTasks + b.LiveTasks);

    public static ClusterCounts operator -(ClusterCounts a, ClusterCounts b) => new(
        a.ActiveServices - b.ActiveServices, a.DrainingServices - b.DrainingServices,
        a.ActiveFargateServices - b.ActiveFargateServices, a.DrainingFargateServices - b.DrainingFargateServices,
        a.RunningTasks - b.RunningTasks, a.PendingTasks - b.PendingTasks,
        a.RunningFargateTasks - b.RunningFargateTasks, a.PendingFargateTasks - b.PendingFargateTasks, a.LiveTasks - b.LiveTasks);

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
