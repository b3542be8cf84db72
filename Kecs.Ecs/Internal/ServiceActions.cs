namespace Kecs.Ecs.Internal;

/// <summary>
/// What the Scheduler, as the ECS service scheduler, does to one service, applied by EcsApi in one
/// transaction: start tasks of a deployment, stop tasks, finish a rollout, add events. They are safe to repeat: EcsApi
/// refuses actions decided on an older version of the service, and applying them makes a new version.
/// </summary>
public sealed class ServiceActions
{
    public string ServiceArn { get; set; } = "";

    /// <summary>
    /// The version of the service the actions were decided on: the change-feed sequence of its latest change. Its tasks'
    /// changes (the Scheduler's reports) leave it as it is; an UpdateService, or applying actions, makes a new one.
    /// </summary>
    public long ServiceVersion { get; set; }

    /// <summary>
    /// The deployment or task set the started tasks belong to (their startedBy); tasks start only while it is the
    /// PRIMARY deployment, or a task set that is not DRAINING.
    /// </summary>
    public string? DeploymentId { get; set; }

    /// <summary>
    /// How many tasks of the deployment should be desired RUNNING (and not yet stopped) once started: EcsApi starts the ones
    /// missing. Null starts none.
    /// </summary>
    public int? TargetTaskCount { get; set; }

    public List<string> StopTaskArns { get; set; } = [];

    public string? StopReason { get; set; }

    /// <summary>
    /// Marks this deployment COMPLETED and removes the others from <c>deployments[]</c>, if it is still
    /// the PRIMARY one: an UpdateService that came in meanwhile makes the decision stale.
    /// </summary>
    public string? CompleteDeploymentId { get; set; }

    /// <summary>The PRIMARY deployment's failedTasks as the Scheduler counts them, when they changed.</summary>
    public int? FailedTasks { get; set; }

    /// <summary>The deployment circuit breaker tripped: this deployment (if still PRIMARY) is FAILED.</summary>
    public string? FailDeploymentId { get; set; }

    /// <summary>With <see cref="FailDeploymentId"/>: roll back to the last COMPLETED deployment.</summary>
    public bool Rollback { get; set; }

    /// <summary>
    /// Leave this lifecycle stage of the PRIMARY deployment's service deployment, if it is still there and no hook
    /// holds it (EcsApi checks SCALE_UP's tasks and BAKE_TIME's minutes itself, and times out hooks that expired).
    /// </summary>
    public string? AdvanceStageFrom { get; set; }

    /// <summary>A DRAINING task set whose tasks have all stopped: it leaves the service's <c>taskSets[]</c>.</summary>
    public string? RemoveTaskSetId { get; set; }

    /// <summary>Event messages, oldest first, worded as ECS words them.</summary>
    public List<string> Events { get; set; } = [];
}

/// <summary>The tasks started, in the change feed's shape so the Scheduler knows them before the feed says so.</summary>
public sealed class ServiceActionsResult
{
    /// <summary>Why nothing was done (the service changed since the decision, is not ACTIVE, or the deployment is gone), or null.</summary>
    public string? Refused { get; set; }

    /// <summary>The service's version once the actions were applied: further actions of the same decision carry it.</summary>
    public long ServiceVersion { get; set; }

    public List<ChangeEntry> Started { get; set; } = [];

    /// <summary>
    /// Why fewer tasks started than asked: none of the cluster's container instances fits the next one (the ECS reason, such
    /// as RESOURCE:MEMORY). The Scheduler tries again later.
    /// </summary>
    public string? Unplaced { get; set; }
}
