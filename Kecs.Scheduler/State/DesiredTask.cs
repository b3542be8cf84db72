using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.State;

/// <summary>
/// A task as the change feed last described it, with the task definition it runs, the ARN of the service that
/// started it (null for a task from RunTask or StartTask), until when it is protected from the service scheduler, and the
/// ARN of the daemon it belongs to.
/// </summary>
public sealed record DesiredTask(
    EcsTask Task, TaskDefinition Definition, string? TraceParent, string? ServiceArn, DateTimeOffset? ProtectedUntil = null, string? DaemonArn = null)
{
    public const string Running = "RUNNING";

    public string Arn => Task.TaskArn!;

    public string Id => Arn[(Arn.LastIndexOf('/') + 1)..];

    public string Region => EcsArn.Parse(Arn)?.Region ?? "";

    /// <summary>The id of the container instance the task was placed on (StartTask, a daemon), or null.</summary>
    public string? InstanceId => Task.ContainerInstanceArn is { } arn ? arn[(arn.LastIndexOf('/') + 1)..] : null;

    public string ClusterName => Task.ClusterArn![(Task.ClusterArn!.IndexOf('/') + 1)..];

    /// <summary>True while the task should have containers: desired RUNNING and not yet stopped.</summary>
    public bool WantsToRun => Task.DesiredStatus == Running && Task.LastStatus != TaskLifecycle.Stopped;

    public bool HasStopped => Task.LastStatus == TaskLifecycle.Stopped;

    public bool IsProtectedAt(DateTimeOffset now) => ProtectedUntil > now;
}
