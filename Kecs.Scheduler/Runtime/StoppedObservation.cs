using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Runtime;

/// <summary>The observation of a task that stopped by itself, as every runtime reports one.</summary>
public static class StoppedObservation
{
    /// <summary>STOPPED at <paramref name="now"/> with this stop code and reason; each container as <paramref name="container"/> says.</summary>
    public static TaskObservation Of(
        DesiredTask desired, DateTimeOffset now, string? stopCode, string? reason, Func<ContainerDefinition, ContainerObservation> container) => new()
    {
        TaskArn = desired.Arn,
        LastStatus = TaskLifecycle.Stopped,
        StopCode = stopCode,
        StoppedReason = reason,
        StoppingAt = now,
        ExecutionStoppedAt = now,
        StoppedAt = now,
        Containers = desired.Definition.ContainerDefinitions!.Select(container).ToList(),
    };
}
