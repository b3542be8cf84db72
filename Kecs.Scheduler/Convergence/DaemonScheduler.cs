using Kecs.Ecs.Internal;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The daemon scheduler: keeps one task of each daemon's target revision on every container instance the runtime has
/// (every Kubernetes node), as <see cref="DaemonPlan"/> decides, and tells EcsApi when a deployment has succeeded.
/// </summary>
public sealed class DaemonScheduler(
    DesiredState state, ReconcileQueue queue, EcsApiInternalClient ecsApi, IOptions<SchedulerOptions> options, TimeProvider clock,
    ILogger<DaemonScheduler> logger)
{
    private static readonly TimeSpan WaitForInstances = TimeSpan.FromSeconds(1);

    public async Task ReconcileAsync(string daemonArn, ITaskRuntime runtime, CancellationToken cancellation)
    {
        if (state.Daemon(daemonArn) is not { } daemon)
        {
            return;
        }

        if (runtime.InstanceIds is not { } instances)
        {
            queue.EnqueueAfter(WorkItem.ForDaemon(daemonArn), WaitForInstances, cancellation);
            return;
        }

        var now = clock.GetUtcNow();
        var plan = DaemonPlan.Decide(daemon, instances, state.TasksOfDaemon(daemonArn), now, options.Value.ServiceThrottle);
        if (plan.LookAgainAt is { } lookAgain)
        {
            queue.EnqueueAfter(WorkItem.ForDaemon(daemonArn), lookAgain - now, cancellation);
        }

        if (plan.IsEmpty)
        {
            return;
        }

        foreach (var byReason in plan.Stop.GroupBy(stop => stop.Reason, stop => stop.TaskArn))
        {
            await ApplyAsync(new DaemonActions { DaemonArn = daemonArn, StopTaskArns = byReason.ToList(), StopReason = byReason.Key }, cancellation);
        }

        await ApplyAsync(new DaemonActions
        {
            DaemonArn = daemonArn,
            RevisionId = daemon.RevisionId,
            StartOnInstanceIds = plan.StartOn,
            CompleteDeploymentArn = plan.Complete ? daemon.DeploymentArn : null,
        }, cancellation);
    }

    private async Task ApplyAsync(DaemonActions actions, CancellationToken cancellation)
    {
        if (actions is { StartOnInstanceIds.Count: 0, StopTaskArns.Count: 0, CompleteDeploymentArn: null })
        {
            return;
        }

        var result = await ecsApi.ApplyDaemonActionsAsync(actions, cancellation);
        if (result.Refused is { } refused)
        {
            logger.LogInformation("Daemon actions for {DaemonArn} not applied: {Reason}", actions.DaemonArn, refused);
            return;
        }

        state.Started(result, taskArn => queue.Enqueue(WorkItem.ForTask(taskArn)));
    }
}
