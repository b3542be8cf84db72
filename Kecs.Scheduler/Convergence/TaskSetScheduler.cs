using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The service scheduler for a service whose deployments an external controller drives (EXTERNAL, CODE_DEPLOY):
/// each task set keeps its share of desiredCount (its <c>computedDesiredCount</c>) with its own task definition; a
/// DRAINING task set's tasks are stopped and it is removed once none runs; a task of no task set is stopped. Tasks
/// under scale-in protection are not stopped, and failing tasks slow their task set's starts
/// (<see cref="ReplacementThrottle"/>). The service is reachable in the cluster as its PRIMARY task set runs it. The
/// actions for each task set are decided together but applied one after the other, each on the version the one before left.
/// </summary>
public sealed class TaskSetScheduler(
    DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<TaskSetScheduler> logger)
{
    private const string Primary = "PRIMARY";

    public async Task ReconcileAsync(Service service, long version, ITaskRuntime runtime, CancellationToken cancellation)
    {
        var taskSets = service.TaskSets ?? [];
        var tasks = state.TasksOf(service);
        var live = tasks.Where(t => t.WantsToRun).ToList();
        var primary = taskSets.FirstOrDefault(set => set.Status == Primary);
        var primaryDefinition = tasks.FirstOrDefault(t => t.Task.StartedBy == primary?.Id)?.Definition;
        await runtime.ReconcileServiceNetworkAsync(service.ServiceArn!, service, primaryDefinition, cancellation);

        var now = clock.GetUtcNow();
        var ids = taskSets.Select(set => set.Id).ToHashSet();
        var orphans = live.Where(t => !ids.Contains(t.Task.StartedBy) && !t.IsProtectedAt(now)).Select(t => t.Arn).ToList();
        long? current = version;
        if (orphans.Count > 0)
        {
            current = await ApplyAsync(new ServiceActions
            {
                ServiceArn = service.ServiceArn!, ServiceVersion = version, StopTaskArns = orphans, StopReason = "Task is not part of a task set",
            }, cancellation);
        }

        foreach (var taskSet in taskSets)
        {
            if (current is not { } decidedOn)
            {
                return;
            }

            current = await ReconcileAsync(service, decidedOn, taskSet, tasks, live, now, cancellation);
        }
    }

    /// <summary>Applies what one task set needs; returns the service's version afterwards, or null when the actions were refused.</summary>
    private async Task<long?> ReconcileAsync(
        Service service, long version, TaskSet taskSet, List<DesiredTask> tasks, List<DesiredTask> live, DateTimeOffset now,
        CancellationToken cancellation)
    {
        var desired = TaskSetScale.DesiredCount(taskSet, service.DesiredCount ?? 0);
        var ofSet = live.Where(t => t.Task.StartedBy == taskSet.Id).ToList();
        var surplus = ofSet.Where(t => !t.IsProtectedAt(now))
            .OrderBy(t => RolloutLimits.IsHealthy(t) ? 1 : 0)
            .ThenByDescending(t => t.Task.CreatedAt)
            .Take(Math.Max(0, ofSet.Count - desired))
            .Select(t => t.Arn)
            .ToList();
        var drained = taskSet.Status == TaskSetScale.Draining && !tasks.Any(t => t.Task.StartedBy == taskSet.Id && !t.HasStopped);

        var wanted = Math.Max(0, desired - ofSet.Count);
        var failures = ReplacementThrottle.Failures(tasks, taskSet.Id, now);
        var unresolved = ReplacementThrottle.Unresolved(failures, tasks.Where(t => t.Task.StartedBy == taskSet.Id), now, options.Value.ServiceThrottle);
        var throttledUntil = ReplacementThrottle.NextStart(unresolved.Select(failure => failure.At).ToList(), options.Value.ServiceThrottle);
        if (wanted > 0 && throttledUntil > now)
        {
            wanted = 0;
            queue.EnqueueAfter(WorkItem.ForService(service.ServiceArn!), throttledUntil.Value - now, cancellation);
        }

        if (ofSet.Count > desired && ofSet.Where(t => t.IsProtectedAt(now)).Min(t => t.ProtectedUntil) is { } protectionEnds)
        {
            queue.EnqueueAfter(WorkItem.ForService(service.ServiceArn!), protectionEnds - now, cancellation);
        }

        if (wanted == 0 && surplus.Count == 0 && !drained)
        {
            return version;
        }

        return await ApplyAsync(new ServiceActions
        {
            ServiceArn = service.ServiceArn!,
            ServiceVersion = version,
            DeploymentId = taskSet.Id,
            TargetTaskCount = wanted > 0 ? ofSet.Count + wanted : null,
            StopTaskArns = surplus,
            StopReason = taskSet.Status == TaskSetScale.Draining ? $"Task set {taskSet.Id} was deleted" : "Task set scaled in",
            RemoveTaskSetId = drained ? taskSet.Id : null,
        }, cancellation);
    }

    /// <summary>Has EcsApi apply the actions; returns the service's version afterwards, or null when they were refused.</summary>
    private async Task<long?> ApplyAsync(ServiceActions actions, CancellationToken cancellation)
    {
        var result = await ecsApi.ApplyServiceActionsAsync(actions, cancellation);
        if (result.Refused is { } refused)
        {
            logger.LogInformation("Task set actions for {ServiceArn} not applied: {Reason}", actions.ServiceArn, refused);
            return null;
        }

        state.Started(result, taskArn => queue.Enqueue(WorkItem.ForTask(taskArn)));
        return result.ServiceVersion;
    }
}
