using System.Collections.Concurrent;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The ECS service scheduler: an ACTIVE service keeps desiredCount tasks of its PRIMARY deployment;
/// a task that stops is replaced and a scale-in stops the surplus (unhealthy ones first). A new
/// deployment replaces older deployments' tasks as a rolling update within the service's
/// minimumHealthyPercent and maximumPercent (see <see cref="RolloutLimits"/>). When the PRIMARY
/// deployment runs desiredCount tasks and nothing else runs, its rollout is COMPLETED and the service
/// reports a steady state. With the deployment circuit breaker enabled, a deployment whose failed tasks
/// reach the threshold FAILS (and EcsApi rolls it back when asked); a FAILED deployment starts no tasks.
/// Tasks that keep failing slow starts down (<see cref="ReplacementThrottle"/>); problems are told once
/// as service events, worded as ECS words them. A task under scale-in protection is never stopped, by a
/// scale-in or a deployment, until its protection ends. Tasks on a DRAINING container instance (a cordoned node) are
/// replaced on other instances the way a deployment replaces tasks, within minimumHealthyPercent and maximumPercent.
/// </summary>
public sealed class ServiceScheduler(
    DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, TaskSetScheduler taskSets, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<ServiceScheduler> logger)
{
    private static readonly TimeSpan UnplacedRetry = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, ServiceMemory> _memory = new();

    public async Task ReconcileAsync(string serviceArn, ITaskRuntime runtime, CancellationToken cancellation)
    {
        if (state.Service(serviceArn) is { Status: "ACTIVE", DeploymentController.Type: "EXTERNAL" or "CODE_DEPLOY" } externallyDeployed)
        {
            await taskSets.ReconcileAsync(externallyDeployed, runtime, cancellation);
            return;
        }

        if (state.Service(serviceArn) is not { Status: "ACTIVE" } service
            || service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Primary) is not { } primary)
        {
            _memory.TryRemove(serviceArn, out _);
            await runtime.ReconcileServiceNetworkAsync(serviceArn, null, null, cancellation);
            return;
        }

        var memory = _memory.GetOrAdd(serviceArn, _ => new ServiceMemory());
        var tasks = state.TasksOf(service);
        var primaryDefinition = tasks.FirstOrDefault(t => t.Task.StartedBy == primary.Id)?.Definition;
        await runtime.ReconcileServiceNetworkAsync(serviceArn, service, primaryDefinition, cancellation);

        var all = tasks.Where(t => !t.HasStopped).ToList();
        var live = all.Where(t => t.WantsToRun).ToList();
        // A task on a DRAINING instance is replaced elsewhere as an older deployment's task is, within the same limits.
        var drainingInstances = runtime.DrainingInstanceIds;
        var draining = live.Where(t => t.InstanceId is { } instance && drainingInstances.Contains(instance)).ToHashSet();
        var ofPrimary = live.Where(t => t.Task.StartedBy == primary.Id && !draining.Contains(t)).ToList();
        var older = live.Where(t => t.Task.StartedBy != primary.Id || draining.Contains(t)).ToList();
        var limits = RolloutLimits.Of(service);
        var healthy = live.Count(RolloutLimits.IsHealthy);
        var now = clock.GetUtcNow();
        // Tasks under protection (UpdateTaskProtection) are neither scaled in nor replaced until it ends.
        var stoppable = live.Where(t => !t.IsProtectedAt(now)).ToHashSet();
        var blueGreen = state.Lifecycle(serviceArn) is { } lifecycle && lifecycle.DeploymentId == primary.Id
            ? BlueGreenStage.Of(lifecycle, service, ofPrimary, now)
            : null;

        var surplus = ofPrimary
            .Where(stoppable.Contains)
            .OrderBy(t => RolloutLimits.IsHealthy(t) ? 1 : 0)
            .ThenByDescending(t => t.Task.CreatedAt)
            .Take(Math.Max(0, ofPrimary.Count - limits.Desired))
            .ToList();
        healthy -= surplus.Count(RolloutLimits.IsHealthy);
        var olderToStop = blueGreen is null
            ? older.Where(t => stoppable.Contains(t) && !RolloutLimits.IsHealthy(t))
                .Concat(older.Where(t => stoppable.Contains(t) && RolloutLimits.IsHealthy(t)).Take(Math.Max(0, healthy - limits.MinHealthy)))
                .ToList()
            : blueGreen.StopsBlue ? older.Where(stoppable.Contains).ToList() : [];

        var failedTasks = ReplacementThrottle.Failures(tasks, primary.Id, now);
        var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var tripped = breaker?.Enable == true && primary.RolloutState == DeploymentStates.InProgress
                      && failedTasks.Count >= CircuitBreaker.Threshold(limits.Desired);
        var launching = primary.RolloutState != DeploymentStates.Failed && !tripped;
        var unresolved = ReplacementThrottle.Unresolved(
            failedTasks, tasks.Where(t => t.Task.StartedBy == primary.Id), now, options.Value.ServiceThrottle);
        var throttledUntil = ReplacementThrottle.NextStart(unresolved.Select(failure => failure.At).ToList(), options.Value.ServiceThrottle);
        // Tasks being stopped still run until they have stopped, so they count against maximumPercent.
        var room = blueGreen is null ? limits.MaxTotal - all.Count : blueGreen.StartsGreen ? int.MaxValue : 0;
        var wanted = launching ? Math.Max(0, Math.Min(limits.Desired - ofPrimary.Count, room)) : 0;
        var throttled = wanted > 0 && throttledUntil > now;

        var actions = new ServiceActions
        {
            ServiceArn = serviceArn,
            DeploymentId = primary.Id,
            FailedTasks = failedTasks.Count != (primary.FailedTasks ?? 0) ? failedTasks.Count : null,
            FailDeploymentId = tripped ? primary.Id : null,
            Rollback = tripped && breaker!.Rollback == true,
            StartCount = throttled ? 0 : wanted,
            StopTaskArns = surplus.Concat(olderToStop).Select(t => t.Arn).ToList(),
            StopReason = olderToStop.Count == 0 ? "Service scaled in"
                : olderToStop.All(draining.Contains) ? "Task stopped because its container instance is DRAINING"
                : $"Task replaced by deployment {primary.Id}",
            AdvanceStageFrom = blueGreen?.AdvanceFrom,
        };
        var steady = launching && blueGreen is not { StopsBlue: false } && actions.StartCount == 0 && actions.StopTaskArns.Count == 0 && older.Count == 0
                     && ofPrimary.Count == limits.Desired && ofPrimary.All(t => t.Task.LastStatus == TaskLifecycle.Running);
        if (steady && (service.Deployments!.Count > 1 || primary.RolloutState != DeploymentStates.Completed))
        {
            actions.CompleteDeploymentId = primary.Id;
            actions.Events.Add($"(service {service.ServiceName}) (deployment {primary.Id}) deployment completed.");
        }

        if (steady && !memory.Steady)
        {
            actions.Events.Add($"(service {service.ServiceName}) has reached a steady state.");
        }

        var stalled = blueGreen is null && launching && wanted == 0 && actions.StopTaskArns.Count == 0 && older.Any(stoppable.Contains) && ofPrimary.Count < limits.Desired
                      && live.All(RolloutLimits.IsHealthy);
        var unplaced = ofPrimary.Select(t => runtime.PlacementProblem(t.Arn)).OfType<string>().Distinct();
        var problems = ServiceProblems.Describe(service, unplaced, unresolved.Select(failure => failure.Task), throttled, stalled)
            .Where(problem => !memory.ReportedProblems.Contains(problem)).ToList();
        actions.Events.AddRange(problems);

        if (throttled)
        {
            queue.EnqueueAfter(WorkItem.ForService(serviceArn), throttledUntil!.Value - now, cancellation);
        }

        if (blueGreen?.LookAgainAt is { } lookAgain)
        {
            queue.EnqueueAfter(WorkItem.ForService(serviceArn), lookAgain - now, cancellation);
        }

        var heldBack = older.Count > 0 || ofPrimary.Count > limits.Desired;
        if (heldBack && live.Where(t => !stoppable.Contains(t)).Min(t => t.ProtectedUntil) is { } protectionEnds)
        {
            queue.EnqueueAfter(WorkItem.ForService(serviceArn), protectionEnds - now, cancellation);
        }

        if (actions.StartCount == 0 && actions.StopTaskArns.Count == 0 && actions.Events.Count == 0
            && actions.FailedTasks is null && actions.FailDeploymentId is null && actions.AdvanceStageFrom is null)
        {
            return;
        }

        var result = await ecsApi.ApplyServiceActionsAsync(actions, cancellation);
        if (result.Refused is { } refused)
        {
            logger.LogInformation("Service actions for {ServiceArn} not applied: {Reason}", serviceArn, refused);
            return;
        }

        if (result.Unplaced is not null)
        {
            // No container instance fits the next task now; capacity can come back without any change Kecs hears of.
            queue.EnqueueAfter(WorkItem.ForService(serviceArn), UnplacedRetry, cancellation);
        }

        memory.Steady = steady;
        memory.Told(problems, resolved: steady && unresolved.Count == 0);
        foreach (var started in result.Started)
        {
            state.Apply(started);
            queue.Enqueue(WorkItem.ForTask(started.Arn));
        }
    }
}
