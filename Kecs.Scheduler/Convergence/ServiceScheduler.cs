using System.Collections.Concurrent;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The ECS service scheduler: an ACTIVE service keeps desiredCount tasks of its PRIMARY deployment;
/// a task that stops is replaced and a scale-in stops the surplus (unhealthy ones first). A new
/// deployment replaces older deployments' tasks as a rolling update within the service's
/// minimumHealthyPercent and maximumPercent (see <see cref="RolloutLimits"/>). When the PRIMARY
/// deployment runs desiredCount tasks and nothing else runs, its rollout is COMPLETED and the service
/// reports a steady state. With the deployment circuit breaker enabled, a deployment whose failed tasks
/// reach the threshold FAILS (and EcsApi rolls it back when asked); a FAILED deployment starts no tasks.
/// </summary>
public sealed class ServiceScheduler(DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, ILogger<ServiceScheduler> logger)
{
    private readonly ConcurrentDictionary<string, bool> _steady = new();

    public async Task ReconcileAsync(string serviceArn, ITaskRuntime runtime, CancellationToken cancellation)
    {
        if (state.Service(serviceArn) is not { Status: "ACTIVE" } service
            || service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Primary) is not { } primary)
        {
            _steady.TryRemove(serviceArn, out _);
            await runtime.ReconcileServiceNetworkAsync(serviceArn, null, null, cancellation);
            return;
        }

        var tasks = state.TasksOf(service);
        var primaryDefinition = tasks.FirstOrDefault(t => t.Task.StartedBy == primary.Id)?.Definition;
        await runtime.ReconcileServiceNetworkAsync(serviceArn, service, primaryDefinition, cancellation);

        var all = tasks.Where(t => !t.HasStopped).ToList();
        var live = all.Where(t => t.WantsToRun).ToList();
        var ofPrimary = live.Where(t => t.Task.StartedBy == primary.Id).ToList();
        var older = live.Where(t => t.Task.StartedBy != primary.Id).ToList();
        var limits = RolloutLimits.Of(service);
        var healthy = live.Count(RolloutLimits.IsHealthy);

        var surplus = ofPrimary
            .OrderBy(t => RolloutLimits.IsHealthy(t) ? 1 : 0)
            .ThenByDescending(t => t.Task.CreatedAt)
            .Take(Math.Max(0, ofPrimary.Count - limits.Desired))
            .ToList();
        healthy -= surplus.Count(RolloutLimits.IsHealthy);
        var olderToStop = older.Where(t => !RolloutLimits.IsHealthy(t))
            .Concat(older.Where(RolloutLimits.IsHealthy).Take(Math.Max(0, healthy - limits.MinHealthy)))
            .ToList();

        var failed = tasks.Count(t => t.Task.StartedBy == primary.Id && t.HasStopped
                                      && t.Task.StopCode is not (StopCodes.ServiceSchedulerInitiated or StopCodes.UserInitiated));
        var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var tripped = breaker?.Enable == true && primary.RolloutState == DeploymentStates.InProgress && failed >= CircuitBreaker.Threshold(limits.Desired);
        var launching = primary.RolloutState != DeploymentStates.Failed && !tripped;

        var actions = new ServiceActions
        {
            ServiceArn = serviceArn,
            DeploymentId = primary.Id,
            FailedTasks = failed != (primary.FailedTasks ?? 0) ? failed : null,
            FailDeploymentId = tripped ? primary.Id : null,
            Rollback = tripped && breaker!.Rollback == true,
            // Tasks being stopped still run until they have stopped, so they count against maximumPercent.
            StartCount = launching ? Math.Max(0, Math.Min(limits.Desired - ofPrimary.Count, limits.MaxTotal - all.Count)) : 0,
            StopTaskArns = surplus.Concat(olderToStop).Select(t => t.Arn).ToList(),
            StopReason = olderToStop.Count > 0 ? $"Task replaced by deployment {primary.Id}" : "Service scaled in",
        };
        var steady = launching && actions.StartCount == 0 && actions.StopTaskArns.Count == 0 && older.Count == 0
                     && ofPrimary.Count == limits.Desired && ofPrimary.All(t => t.Task.LastStatus == TaskLifecycle.Running);
        if (steady && (service.Deployments!.Count > 1 || primary.RolloutState != DeploymentStates.Completed))
        {
            actions.CompleteDeploymentId = primary.Id;
            actions.Events.Add($"(service {service.ServiceName}) (deployment {primary.Id}) deployment completed.");
        }

        if (steady && !_steady.GetValueOrDefault(serviceArn))
        {
            actions.Events.Add($"(service {service.ServiceName}) has reached a steady state.");
        }

        if (actions.StartCount == 0 && actions.StopTaskArns.Count == 0 && actions.Events.Count == 0
            && actions.FailedTasks is null && actions.FailDeploymentId is null)
        {
            return;
        }

        var result = await ecsApi.ApplyServiceActionsAsync(actions, cancellation);
        if (result.Refused is { } refused)
        {
            logger.LogInformation("Service actions for {ServiceArn} not applied: {Reason}", serviceArn, refused);
            return;
        }

        _steady[serviceArn] = steady;
        foreach (var started in result.Started)
        {
            state.Apply(started);
            queue.Enqueue(WorkItem.ForTask(started.Arn));
        }
    }
}
