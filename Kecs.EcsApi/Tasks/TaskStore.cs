using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Tasks;

/// <summary>What ListTasks filters on; null means no filter.</summary>
public sealed record TaskFilter(
    string ClusterArn, string DesiredStatus, string? Family, string? ServiceArn, string? StartedBy, string? LaunchType)
{
    public string? DaemonArn { get; init; }

    public string? ContainerInstanceArn { get; init; }
}

/// <summary>
/// Tasks, one row per ARN: the task's wire shape plus the columns ListTasks and the counters filter on.
/// Stopped tasks stay until the janitor purges them.
/// </summary>
public static class TaskStore
{
    public const string DesiredRunning = "RUNNING";
    public const string DesiredStopped = "STOPPED";

    public static EcsTask? Find(EcsState state, string arn) =>
        state.Tasks.TryGetValue(arn, out var row) ? Read(row) : null;

    public static EcsTask Read(TaskRow row) => Documents.Read(row.Document, EcsJsonContext.Default.EcsTask);

    public static void Insert(StateWrite write, EcsTask task, string family, string? serviceArn, string? traceParent, string? daemonArn = null)
    {
        write.Put(new TaskRow(task.TaskArn!, task.ClusterArn!, family, task.TaskDefinitionArn!, serviceArn, task.StartedBy, task.LaunchType,
            task.DesiredStatus!, task.LastStatus!, task.StoppedAt, traceParent, Documents.Write(task, EcsJsonContext.Default.EcsTask), DaemonArn: daemonArn));
        write.Changed(ChangeKind.Task, task.TaskArn!);
    }

    public static void Update(StateWrite write, EcsTask task)
    {
        var stored = write.State.Tasks[task.TaskArn!];
        write.Put(stored with
        {
            DesiredStatus = task.DesiredStatus!,
            LastStatus = task.LastStatus!,
            StoppedAt = task.StoppedAt,
            Document = Documents.Write(task, EcsJsonContext.Default.EcsTask),
        });
        write.Changed(ChangeKind.Task, task.TaskArn!);
    }

    /// <summary>Asks a task to stop: desiredStatus STOPPED with the stop code and reason, unless it was asked already.</summary>
    public static bool RequestStop(EcsTask task, string stopCode, string reason, DateTimeOffset now)
    {
        if (task.DesiredStatus == DesiredStopped)
        {
            return false;
        }

        task.DesiredStatus = DesiredStopped;
        task.StopCode = stopCode;
        task.StoppedReason = reason;
        task.StoppingAt = now;
        task.Version = (task.Version ?? 0) + 1;
        return true;
    }

    /// <summary>Asks every task of a service to stop; returns how many of its tasks have not stopped yet.</summary>
    public static int StopServiceTasks(StateWrite write, string serviceArn, string reason, DateTimeOffset now)
    {
        var live = LiveTasksOf(write.State, serviceArn).Select(Read).ToList();
        foreach (var task in live)
        {
            if (RequestStop(task, StopCodes.ServiceSchedulerInitiated, reason, now))
            {
                Update(write, task);
            }
        }

        return live.Count;
    }

    public static int LiveTasksOfService(EcsState state, string serviceArn) => LiveTasksOf(state, serviceArn).Count();

    /// <summary>How many of a service's tasks started by a deployment or task set are desired RUNNING and have not stopped.</summary>
    public static int WantingToRun(EcsState state, string serviceArn, string startedBy) =>
        LiveTasksOf(state, serviceArn).Count(row => row.StartedBy == startedBy && row.DesiredStatus == DesiredRunning);

    /// <summary>A page of task ARNs in ARN order, read from the narrowest index the filter allows.</summary>
    public static List<string> List(EcsState state, TaskFilter filter, string afterArn, int limit)
    {
        var candidates = filter switch
        {
            { ServiceArn: { } service } => state.TasksByService[service],
            { StartedBy: { } startedBy } => state.TasksByStartedBy[RowKey.Of(filter.ClusterArn, startedBy)],
            { Family: { } family } => state.TasksByFamily[RowKey.Of(filter.ClusterArn, family)],
            _ => state.TasksByDesiredStatus[RowKey.Of(filter.ClusterArn, filter.DesiredStatus)],
        };
        return SortedIndex.After(candidates, afterArn)
            .Select(arn => state.Tasks[arn])
            .Where(row => row.ClusterArn == filter.ClusterArn && row.DesiredStatus == filter.DesiredStatus
                          && (filter.Family is null || row.Family == filter.Family)
                          && (filter.ServiceArn is null || row.ServiceArn == filter.ServiceArn)
                          && (filter.StartedBy is null || row.StartedBy == filter.StartedBy)
                          && (filter.LaunchType is null || row.LaunchType == filter.LaunchType)
                          && (filter.DaemonArn is null || row.DaemonArn == filter.DaemonArn)
                          && (filter.ContainerInstanceArn is null || Read(row).ContainerInstanceArn == filter.ContainerInstanceArn))
            .Take(limit)
            .Select(row => row.Arn)
            .ToList();
    }

    /// <summary>The cluster's tasks that have not stopped (desired RUNNING, or asked to stop and still stopping).</summary>
    public static IEnumerable<TaskRow> LiveIn(EcsState state, string clusterArn) =>
        state.TasksByDesiredStatus[RowKey.Of(clusterArn, DesiredRunning)]
            .Concat(state.TasksByDesiredStatus[RowKey.Of(clusterArn, DesiredStopped)])
            .Select(arn => state.Tasks[arn])
            .Where(row => row.LastStatus != TaskLifecycle.Stopped);

    private static IEnumerable<TaskRow> LiveTasksOf(EcsState state, string serviceArn) =>
        state.TasksByService[serviceArn].Select(arn => state.Tasks[arn]).Where(row => row.LastStatus != TaskLifecycle.Stopped);
}
