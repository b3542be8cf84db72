namespace Kecs.Ecs.Internal;

/// <summary>
/// A daemon as the Scheduler converges it: one task of the target revision on every container instance, rolled out a
/// few instances at a time, and none once it is being deleted.
/// </summary>
public sealed class DaemonSpec
{
    public string ClusterArn { get; set; } = "";

    /// <summary>ACTIVE, or DELETE_IN_PROGRESS while its tasks are stopped.</summary>
    public string Status { get; set; } = "";

    /// <summary>The revision every instance should run (its tasks' startedBy); null while the daemon is deleted.</summary>
    public string? RevisionId { get; set; }

    /// <summary>The daemon's latest deployment and its status.</summary>
    public string DeploymentArn { get; set; } = "";

    public string DeploymentStatus { get; set; } = "";

    /// <summary>The share of instances whose daemon task may be replaced at once, in percent.</summary>
    public double DrainPercent { get; set; }

    /// <summary>How long a replaced batch runs before the next one starts (and before the deployment succeeds).</summary>
    public int BakeTimeInMinutes { get; set; }
}

/// <summary>
/// What the Scheduler decided for one daemon, applied by EcsApi in one transaction. They say what each instance should run,
/// not how many tasks to add, so they are safe to repeat: an instance that has a task of the daemon gets no other.
/// </summary>
public sealed class DaemonActions
{
    public string DaemonArn { get; set; } = "";

    /// <summary>The revision the started tasks run: they start only while it is still the daemon's target.</summary>
    public string? RevisionId { get; set; }

    /// <summary>The container instances (by id) that get one new daemon task each.</summary>
    public List<string> StartOnInstanceIds { get; set; } = [];

    public List<string> StopTaskArns { get; set; } = [];

    public string? StopReason { get; set; }

    /// <summary>Every instance runs the target revision (or, for a deleted daemon, nothing runs): this deployment succeeded.</summary>
    public string? CompleteDeploymentArn { get; set; }
}
