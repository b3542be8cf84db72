using System.Collections.Concurrent;
using Kecs.Ecs;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The ECS service scheduler: for each ACTIVE service it takes <see cref="ServiceDecision"/>'s decision, has EcsApi apply
/// it, looks again when the decision says so, and remembers what it has told. Services of another deployment controller
/// go to <see cref="TaskSetScheduler"/>.
/// </summary>
public sealed class ServiceScheduler(
    DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, TaskSetScheduler taskSets, IOptions<SchedulerOptions> options,
    TimeProvider clock, ILogger<ServiceScheduler> logger)
{
    private static readonly TimeSpan UnplacedRetry = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, ServiceMemory> _memory = new();

    public async Task ReconcileAsync(string serviceArn, ITaskRuntime runtime, CancellationToken cancellation)
    {
        var known = state.ServiceWithVersion(serviceArn);
        if (known is { Service: { Status: "ACTIVE", DeploymentController.Type: "EXTERNAL" or "CODE_DEPLOY" } externallyDeployed })
        {
            await taskSets.ReconcileAsync(externallyDeployed, known.Version, runtime, cancellation);
            return;
        }

        if (known?.Service is not { Status: "ACTIVE" } service
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

        var now = clock.GetUtcNow();
        var decision = ServiceDecision.Decide(
            new ServiceView(service, known.Version, primary, tasks, state.Lifecycle(serviceArn), runtime.DrainingInstanceIds, runtime.PlacementProblem,
                memory),
            now, options.Value.ServiceThrottle);
        if (decision.LookAgainAt is { } lookAgain)
        {
            queue.EnqueueAfter(WorkItem.ForService(serviceArn), lookAgain - now, cancellation);
        }

        if (!decision.HasActions)
        {
            return;
        }

        var result = await ecsApi.ApplyServiceActionsAsync(decision.Actions, cancellation);
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

        memory.Steady = decision.Steady;
        memory.Told(decision.Problems, decision.Resolved);
        state.Started(result, taskArn => queue.Enqueue(WorkItem.ForTask(taskArn)));
    }
}
