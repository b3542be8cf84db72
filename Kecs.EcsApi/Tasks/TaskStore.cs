using DuckDB.NET.Data;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Tasks;

/// <summary>What ListTasks filters on; null means no filter.</summary>
public sealed record TaskFilter(
    string ClusterArn, string DesiredStatus, string? Family, string? ServiceArn, string? StartedBy, string? LaunchType);

/// <summary>
/// Tasks in DuckDB, one row per ARN: the task's wire shape plus the columns ListTasks and the
/// counters filter on. Stopped tasks stay until the janitor purges them.
/// </summary>
public static class TaskStore
{
    public const string DesiredRunning = "RUNNING";
    public const string DesiredStopped = "STOPPED";

    public static EcsTask? Find(DuckDBConnection connection, string arn)
    {
        var json = connection.Scalar<string>("SELECT document FROM tasks WHERE arn = $1", arn);
        return json is null ? null : Documents.Read(json, EcsJsonContext.Default.EcsTask);
    }

    /// <summary>A task with the ARN of the service that started it (null for RunTask's tasks), read at once.</summary>
    public static (EcsTask Task, string? ServiceArn)? FindWithService(DuckDBConnection connection, string arn) =>
        connection.Query(
            "SELECT document, service_arn FROM tasks WHERE arn = $1",
            reader => (Documents.Read(reader.GetString(0), EcsJsonContext.Default.EcsTask), reader.IsDBNull(1) ? null : reader.GetString(1)),
            arn) is [var row] ? row : null;

    /// <summary>A task with the trace context of the call that created it, read at once.</summary>
    public static (EcsTask Task, string? TraceParent)? FindWithTraceParent(DuckDBConnection connection, string arn) =>
        connection.Query(
            "SELECT document, trace_parent FROM tasks WHERE arn = $1",
            reader => (Documents.Read(reader.GetString(0), EcsJsonContext.Default.EcsTask), reader.IsDBNull(1) ? null : reader.GetString(1)),
            arn) is [var row] ? row : null;

    public static void Insert(DuckDBConnection connection, EcsTask task, string family, string? serviceArn, string? traceParent)
    {
        connection.Execute(
            "INSERT INTO tasks VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            task.TaskArn, task.ClusterArn, family, task.TaskDefinitionArn, serviceArn, task.StartedBy, task.LaunchType,
            task.DesiredStatus, task.LastStatus, task.StoppedAt, traceParent, Documents.Write(task, EcsJsonContext.Default.EcsTask));
        ChangeLog.Record(connection, ChangeKind.Task, task.TaskArn!);
    }

    public static void Update(DuckDBConnection connection, EcsTask task)
    {
        connection.Execute(
            "UPDATE tasks SET desired_status = $2, last_status = $3, stopped_at = $4, document = $5 WHERE arn = $1",
            task.TaskArn, task.DesiredStatus, task.LastStatus, task.StoppedAt, Documents.Write(task, EcsJsonContext.Default.EcsTask));
        ChangeLog.Record(connection, ChangeKind.Task, task.TaskArn!);
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
    public static int StopServiceTasks(DuckDBConnection connection, string serviceArn, string reason, DateTimeOffset now)
    {
        var live = connection.Query(
            "SELECT document FROM tasks WHERE service_arn = $1 AND last_status <> 'STOPPED'",
            reader => Documents.Read(reader.GetString(0), EcsJsonContext.Default.EcsTask),
            serviceArn);
        foreach (var task in live)
        {
            if (RequestStop(task, StopCodes.ServiceSchedulerInitiated, reason, now))
            {
                Update(connection, task);
            }
        }

        return live.Count;
    }

    public static int LiveTasksOfService(DuckDBConnection connection, string serviceArn) =>
        (int)connection.Scalar<long>("SELECT count(*) FROM tasks WHERE service_arn = $1 AND last_status <> 'STOPPED'", serviceArn);

    public static List<string> List(DuckDBConnection connection, TaskFilter filter, string afterArn, int limit) =>
        connection.Query(
            """
            SELECT arn FROM tasks
            WHERE cluster_arn = $1 AND desired_status = $2 AND arn > $3
              AND ($4 = '' OR family = $4) AND ($5 = '' OR service_arn = $5)
              AND ($6 = '' OR started_by = $6) AND ($7 = '' OR launch_type = $7)
            ORDER BY arn LIMIT $8
            """,
            reader => reader.GetString(0),
            filter.ClusterArn, filter.DesiredStatus, afterArn, filter.Family ?? "", filter.ServiceArn ?? "",
            filter.StartedBy ?? "", filter.LaunchType ?? "", limit);
}
