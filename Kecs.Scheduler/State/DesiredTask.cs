using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.State;

/// <summary>A task as the change feed last described it, with the task definition it runs.</summary>
public sealed record DesiredTask(EcsTask Task, TaskDefinition Definition, string? TraceParent)
{
    public const string Running = "RUNNING";

    public string Arn => Task.TaskArn!;

    public string Id => Arn[(Arn.LastIndexOf('/') + 1)..];

    public string Region => EcsArn.Parse(Arn)?.Region ?? "";

    public string ClusterName => Task.ClusterArn![(Task.ClusterArn!.IndexOf('/') + 1)..];

    /// <summary>True while the task should have containers: desired RUNNING and not yet stopped.</summary>
    public bool WantsToRun => Task.DesiredStatus == Running && Task.LastStatus != TaskLifecycle.Stopped;

    public bool HasStopped => Task.LastStatus == TaskLifecycle.Stopped;

    /// <summary>The ARN of the service that started this task, or null for a task from RunTask.</summary>
    public string? ServiceArn => Task.Group is { } group && group.StartsWith("service:", StringComparison.Ordinal)
        ? Task.ClusterArn!.Replace(":cluster/", ":service/", StringComparison.Ordinal) + "/" + group["service:".Length..]
        : null;
}
