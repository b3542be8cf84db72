using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// How an observation changes a task: the lifecycle only moves forward, timestamps are set once, a
/// stop reason already recorded (the user's, from StopTask) wins, and a task that stopped by itself
/// is no longer desired RUNNING. Each applied observation bumps the task's version.
/// </summary>
public static class TaskObservationRules
{
    /// <summary>Applies an observation to a task read from <paramref name="storedDocument"/>; false when it changed nothing.</summary>
    public static bool Apply(EcsTask task, TaskObservation observation, byte[] storedDocument)
    {
        if (TaskLifecycle.Order(observation.LastStatus) > TaskLifecycle.Order(task.LastStatus))
        {
            task.LastStatus = observation.LastStatus;
        }

        task.HealthStatus = observation.HealthStatus ?? task.HealthStatus;
        task.Connectivity = observation.Connectivity ?? task.Connectivity;
        task.ConnectivityAt ??= observation.ConnectivityAt;
        task.PullStartedAt ??= observation.PullStartedAt;
        task.PullStoppedAt ??= observation.PullStoppedAt;
        task.StartedAt ??= observation.StartedAt;
        task.StoppingAt ??= observation.StoppingAt;
        task.StoppedAt ??= observation.StoppedAt;
        task.ExecutionStoppedAt ??= observation.ExecutionStoppedAt;
        task.Attachments = observation.Attachments ?? task.Attachments;
        task.Attributes = observation.Attributes ?? task.Attributes;
        if (observation.ContainerInstanceId is { } instance)
        {
            task.ContainerInstanceArn ??= ContainerInstanceStore.Arn(task.ClusterArn!, instance);
        }

        if (task.StopCode is null && observation.StopCode is not null)
        {
            task.StopCode = observation.StopCode;
            task.StoppedReason = observation.StoppedReason;
        }

        foreach (var seen in observation.Containers)
        {
            if (task.Containers?.FirstOrDefault(c => c.Name == seen.Name) is { } container)
            {
                Apply(container, seen);
            }
        }

        if (task.LastStatus == TaskLifecycle.Stopped)
        {
            task.DesiredStatus = TaskStore.DesiredStopped;
            task.StoppedAt ??= observation.StoppedAt ?? task.StoppingAt ?? task.CreatedAt;
        }

        if (Documents.Write(task, EcsJsonContext.Default.EcsTask).AsSpan().SequenceEqual(storedDocument))
        {
            return false;
        }

        task.Version = (task.Version ?? 0) + 1;
        return true;
    }

    private static void Apply(Container container, ContainerObservation seen)
    {
        var order = new[] { TaskLifecycle.Pending, TaskLifecycle.Running, TaskLifecycle.Stopped };
        if (Array.IndexOf(order, seen.LastStatus) > Array.IndexOf(order, container.LastStatus))
        {
            container.LastStatus = seen.LastStatus;
        }

        container.ExitCode ??= seen.ExitCode;
        container.Reason ??= seen.Reason;
        container.HealthStatus = seen.HealthStatus ?? container.HealthStatus;
        container.RuntimeId ??= seen.RuntimeId;
        container.ImageDigest ??= seen.ImageDigest;
        container.NetworkBindings = seen.NetworkBindings ?? container.NetworkBindings;
        container.NetworkInterfaces = seen.NetworkInterfaces ?? container.NetworkInterfaces;
    }
}
