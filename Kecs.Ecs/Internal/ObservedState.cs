using Kecs.Ecs.Model;

namespace Kecs.Ecs.Internal;

/// <summary>What the Scheduler saw happen, sent to EcsApi in batches and applied in one transaction.</summary>
public sealed class ObservedStateReport
{
    public List<TaskObservation> Tasks { get; set; } = [];
}

/// <summary>
/// A task's observed state. Absent members leave the task unchanged; lastStatus only ever moves
/// forward; stopCode and stoppedReason are kept only when the task has none yet, so the reason a user
/// gave to StopTask is never overwritten.
/// </summary>
public sealed class TaskObservation
{
    public string TaskArn { get; set; } = "";
    public string? LastStatus { get; set; }
    public string? HealthStatus { get; set; }
    public string? Connectivity { get; set; }
    public DateTimeOffset? ConnectivityAt { get; set; }
    public DateTimeOffset? PullStartedAt { get; set; }
    public DateTimeOffset? PullStoppedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? StoppingAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? ExecutionStoppedAt { get; set; }
    public string? StopCode { get; set; }
    public string? StoppedReason { get; set; }
    public List<Attachment>? Attachments { get; set; }

    /// <summary>The id of the container instance (a Kubernetes node: its uid without dashes) the task was placed on.</summary>
    public string? ContainerInstanceId { get; set; }

    /// <summary>Replaces the task's attributes; the Scheduler names the runtime that runs the task here.</summary>
    public List<EcsAttribute>? Attributes { get; set; }

    public List<ContainerObservation> Containers { get; set; } = [];
}

public sealed class ContainerObservation
{
    public string Name { get; set; } = "";
    public string? LastStatus { get; set; }
    public int? ExitCode { get; set; }
    public string? Reason { get; set; }
    public string? HealthStatus { get; set; }
    public string? RuntimeId { get; set; }
    public string? ImageDigest { get; set; }
    public List<NetworkBinding>? NetworkBindings { get; set; }
    public List<NetworkInterface>? NetworkInterfaces { get; set; }
}

/// <summary>EcsApi's answer to a report: how many observations it applied and why it ignored the others.</summary>
public sealed class ReportResult
{
    public int Applied { get; set; }
    public List<string> Ignored { get; set; } = [];
}
