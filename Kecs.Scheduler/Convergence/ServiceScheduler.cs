using System.Collections.Concurrent;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The ECS service scheduler's replica maintenance: an ACTIVE service keeps desiredCount tasks of its
/// PRIMARY deployment, a task that stops is replaced, a scale-in stops the surplus (pending ones
/// first), and tasks of older deployments are stopped. When the PRIMARY deployment runs desiredCount
/// tasks and nothing else, its rollout is COMPLETED and the service reports a steady state.
/// </summary>
public sealed class ServiceScheduler(DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, ILogger<ServiceScheduler> logger)
{
    private const string PrimaryStatus = "PRIMARY";
    private const string CompletedRollout = "COMPLETED";
    private readonly ConcurrentDictionary<string, bool> _steady = new();

    public async Task ReconcileAsync(string serviceArn, CancellationToken cancellation)
    {
        if (state.Service(serviceArn) is not { Status: "ACTIVE" } service
            || service.Deployments?.FirstOrDefault(d => d.Status == PrimaryStatus) is not { } primary)
        {
            _steady.TryRemove(serviceArn, out _);
            return;
        }

        var live = state.TasksOf(service).Where(t => t.WantsToRun).ToList();
        var ofPrimary = live.Where(t => t.Task.StartedBy == primary.Id).ToList();
        var older = live.Where(t => t.Task.StartedBy != primary.Id).ToList();
        var desired = service.DesiredCount ?? 0;
        var surplus = ofPrimary
            .OrderBy(t => t.Task.LastStatus == TaskLifecycle.Running ? 1 : 0)
            .ThenByDescending(t => t.Task.CreatedAt)
            .Take(Math.Max(0, ofPrimary.Count - desired));

        var actions = new ServiceActions
        {
            ServiceArn = serviceArn,
            DeploymentId = primary.Id,
            StartCount = Math.Max(0, desired - ofPrimary.Count),
            StopTaskArns = surplus.Concat(older).Select(t => t.Arn).ToList(),
            StopReason = older.Count > 0 ? $"Task replaced by deployment {primary.Id}" : "Service scaled in",
        };
        var steady = actions.StartCount == 0 && actions.StopTaskArns.Count == 0
                     && ofPrimary.All(t => t.Task.LastStatus == TaskLifecycle.Running);
        if (steady && (service.Deployments!.Count > 1 || primary.RolloutState != CompletedRollout))
        {
            actions.CompleteRollout = true;
            actions.Events.Add($"(service {service.ServiceName}) (deployment {primary.Id}) deployment completed.");
        }

        if (steady && !_steady.GetValueOrDefault(serviceArn))
        {
            actions.Events.Add($"(service {service.ServiceName}) has reached a steady state.");
        }

        if (actions.StartCount == 0 && actions.StopTaskArns.Count == 0 && actions.Events.Count == 0)
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
