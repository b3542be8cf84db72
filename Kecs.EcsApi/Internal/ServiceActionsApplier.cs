using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tagging;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// Applies what the Scheduler decided for one service, in one transaction: it starts tasks as the
/// service's own (startedBy the deployment id, group <c>service:NAME</c>), stops tasks of that service
/// with ServiceSchedulerInitiated, completes or fails a rollout and records events (the started and stopped
/// tasks' events are worded here, where their ids are known). Nothing is done for a
/// service that is no longer ACTIVE, so a task is never started for a draining service, nor for actions decided on an
/// older version of the service: applying actions changes the service, so a repeat of them (an HTTP retry, or the
/// Scheduler deciding again before it has read what they did) is refused and the tasks are started once.
/// </summary>
public sealed class ServiceActionsApplier(EcsStore store, TimeProvider clock)
{
    public Task<ServiceActionsResult> ApplyAsync(ServiceActions actions, CancellationToken cancellation) =>
        store.WriteAsync(write =>
        {
            var version = write.State.VersionOf(ChangeKind.Service, actions.ServiceArn);
            if (actions.ServiceVersion != version)
            {
                return new ServiceActionsResult
                {
                    Refused = $"{actions.ServiceArn} changed since version {actions.ServiceVersion}: it is at version {version}",
                };
            }

            if (ServiceStore.Find(write.State, actions.ServiceArn)?.Service is not { } service || service.Status != ServiceStore.Active)
            {
                return new ServiceActionsResult { Refused = $"{actions.ServiceArn} is not an ACTIVE service" };
            }

            var now = clock.GetUtcNow();
            var result = new ServiceActionsResult();
            if (actions.TargetTaskCount is { } target)
            {
                if (TaskLaunchSpec.Of(service, actions.DeploymentId) is not { } launch)
                {
                    return new ServiceActionsResult
                    {
                        Refused = $"{actions.DeploymentId} is neither the PRIMARY deployment nor a task set that is not DRAINING of {actions.ServiceArn}",
                    };
                }

                var unplaced = new List<Failure>();
                var missing = target - TaskStore.WantingToRun(write.State, service.ServiceArn!, launch.Id);
                result.Started = missing > 0 ? Start(write, service, launch, missing, unplaced, now) : [];
                if (result.Started.Count > 0)
                {
                    ServiceEvents.Add(service, $"(service {service.ServiceName}) has started {result.Started.Count} tasks: {TaskList(result.Started.Select(s => s.Arn))}.", now);
                }

                if (unplaced.FirstOrDefault() is { } failure)
                {
                    result.Unplaced = failure.Reason;
                    AddOnce(service, Unplaceable(service, failure), now);
                }
            }

            var stopped = new List<string>();
            foreach (var taskArn in actions.StopTaskArns)
            {
                // A task protected since the Scheduler decided is kept: protection wins over the service scheduler.
                if (write.State.Tasks.TryGetValue(taskArn, out var row) && row.ServiceArn == service.ServiceArn && !(row.ProtectedUntil > now)
                    && TaskStore.Read(row) is var task
                    && TaskStore.RequestStop(task, StopCodes.ServiceSchedulerInitiated, actions.StopReason ?? "Task stopped by the service scheduler", now))
                {
                    TaskStore.Update(write, task);
                    stopped.Add(taskArn);
                }
            }

            if (stopped.Count > 0)
            {
                ServiceEvents.Add(service, $"(service {service.ServiceName}) has stopped {stopped.Count} running tasks: {TaskList(stopped)}.", now);
            }

            if (actions.CompleteDeploymentId is { } completed
                && service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Primary && d.Id == completed) is { } primary)
            {
                primary.RolloutState = DeploymentStates.Completed;
                primary.RolloutStateReason = $"ECS deployment {primary.Id} completed.";
                primary.UpdatedAt = now;
                service.Deployments = [primary];
                ServiceDeploymentHistory.Completed(write, service, completed, now);
            }

            var current = service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Primary && d.Id == actions.DeploymentId);
            if (current is not null && actions.FailedTasks is { } failed)
            {
                current.FailedTasks = failed;
                current.UpdatedAt = now;
            }

            if (actions.RemoveTaskSetId is { } drainedId
                && service.TaskSets?.FirstOrDefault(set => set.Id == drainedId && set.Status == TaskSetScale.Draining) is { } drained
                && !write.State.TasksByService[service.ServiceArn!].Any(arn => write.State.Tasks[arn] is { LastStatus: not TaskLifecycle.Stopped } row
                                                                               && row.StartedBy == drainedId))
            {
                service.TaskSets.Remove(drained);
                ResourceTagStore.Replace(write, drained.TaskSetArn!, []);
            }

            foreach (var message in actions.Events)
            {
                ServiceEvents.Add(service, message, now);
            }

            if (current is not null && actions.FailDeploymentId == current.Id && current.RolloutState == DeploymentStates.InProgress)
            {
                CircuitBreakerTrip.Apply(write, service, current, actions.Rollback, now);
            }

            if (current is not null && actions.AdvanceStageFrom is { } stage)
            {
                AdvanceStage(write, service, current, stage, now);
            }

            ServiceStore.Update(write, service);
            result.ServiceVersion = write.State.VersionOf(ChangeKind.Service, service.ServiceArn!);
            return result;
        }, cancellation);

    /// <summary>Moves the PRIMARY deployment's lifecycle on; a hook that timed out with ROLLBACK rolls it back (or stops it, with nothing to go back to).</summary>
    private static void AdvanceStage(StateWrite write, Service service, Deployment primary, string stage, DateTimeOffset now)
    {
        if (ServiceDeploymentStore.FindByDeployment(write.State, service.ServiceArn!, primary.Id!) is not { Document.Status: ServiceDeploymentStatus.InProgress } stored)
        {
            return;
        }

        var rollBack = ServiceDeploymentLifecycle.Advance(write.State, stored.Document, service, primary.Id!, stage, now);
        ServiceDeploymentStore.Update(write, stored);
        const string reason = "A lifecycle hook timed out with the ROLLBACK action.";
        if (rollBack && !DeploymentRollback.TryStart(write, service, primary, reason, now))
        {
            primary.RolloutState = DeploymentStates.Failed;
            primary.RolloutStateReason = reason;
            ServiceDeploymentHistory.Failed(write, service, primary.Id!, reason, now);
        }
    }

    // ECS's words when no instance fits; the closest instance is the one that passed the most constraints.
    private static string Unplaceable(Service service, Failure failure) =>
        $"(service {service.ServiceName}) was unable to place a task because no container instance met all of its requirements. " +
        (failure.Arn is { } closest
            ? $"The closest matching (container-instance {closest[(closest.LastIndexOf('/') + 1)..]}) encountered error \"{failure.Reason}\". "
            : "") +
        "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    private static void AddOnce(Service service, string message, DateTimeOffset now)
    {
        if (service.Events?.FirstOrDefault()?.Message != message)
        {
            ServiceEvents.Add(service, message, now);
        }
    }

    private static string TaskList(IEnumerable<string> taskArns) =>
        string.Join(' ', taskArns.Select(arn => $"(task {arn[(arn.LastIndexOf('/') + 1)..]})"));

    /// <param name="unplaced">Where a task that fits on no container instance is told (placement constraints or strategies ask for instances).</param>
    private static List<ChangeEntry> Start(StateWrite write, Service service, TaskLaunchSpec launch, int count, List<Failure> unplaced, DateTimeOffset now)
    {
        var arn = EcsArn.Parse(service.ServiceArn)!;
        var context = new EcsRequestContext("service-scheduler", arn.Region, arn.Account);
        var cluster = ClusterStore.Find(write.State, service.ClusterArn!)!;
        var definition = TaskDefinitionStore.Find(write.State, launch.TaskDefinition)!;
        var placement = TaskOperations.Placement(launch.CapacityProviderStrategy, launch.LaunchType, launch.NetworkConfiguration, cluster, definition);
        var tags = service.PropagateTags switch
        {
            "SERVICE" => ResourceTagStore.Read(write.State, service.ServiceArn!),
            "TASK_DEFINITION" => ResourceTagStore.Read(write.State, definition.TaskDefinitionArn!),
            _ => [],
        };
        if (service.EnableECSManagedTags == true)
        {
            tags = [.. tags, .. ManagedTags.For(cluster, service)];
        }

        var instances = placement.LaunchType == "EC2"
            ? InstancePlacement.For(write.State, cluster, service.PlacementConstraints, service.PlacementStrategy, definition)
            : null;
        var started = new List<ChangeEntry>();
        for (var i = 0; i < count; i++)
        {
            var task = TaskLaunch.New(cluster, definition, placement, TaskLaunch.Overrides(null, definition),
                $"service:{service.ServiceName}", launch.Id, service.EnableExecuteCommand ?? false, now, context);
            if (instances is not null && !TaskLaunch.PlaceOn(task, instances, unplaced))
            {
                break;
            }

            TaskStore.Insert(write, task, definition.Family!, service.ServiceArn, traceParent: null);
            ResourceTagStore.Replace(write, task.TaskArn!, tags);
            started.Add(new ChangeEntry
            {
                Kind = ChangeKind.Task, Arn = task.TaskArn!, Task = task, TaskDefinition = definition, ServiceArn = service.ServiceArn,
            });
        }

        return started;
    }
}
