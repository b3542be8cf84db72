using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// What the service scheduler knows of one ACTIVE service when it decides: the service, its version and its PRIMARY deployment,
/// its tasks, where its blue/green deployment is in its lifecycle, the instances that are DRAINING, why the runtime
/// cannot place a task (by ARN), and what it has told of the service before.
/// </summary>
public sealed record ServiceView(
    Service Service, long Version, Deployment Primary, IReadOnlyList<DesiredTask> Tasks, DeploymentLifecycle? Lifecycle,
    IReadOnlySet<string> DrainingInstances, Func<string, string?> PlacementProblem, ServiceMemory Memory);

/// <summary>
/// The service scheduler's decision for one service at one moment, a pure function of what it sees and the clock: the
/// actions for EcsApi, whether the service is steady, the problems to tell (and whether earlier ones are resolved), and
/// when to look again if nothing changes before.
/// </summary>
public sealed record ServiceDecision(ServiceActions Actions, bool Steady, IReadOnlyList<string> Problems, bool Resolved, DateTimeOffset? LookAgainAt)
{
    public bool HasActions => Actions is not { TargetTaskCount: null, StopTaskArns.Count: 0, Events.Count: 0, FailedTasks: null, FailDeploymentId: null, AdvanceStageFrom: null };

    /// <summary>
    /// An ACTIVE service keeps desiredCount tasks of its PRIMARY deployment: a task that stops is replaced and a scale-in
    /// stops the surplus (unhealthy ones first). Older deployments' tasks, and tasks on DRAINING instances, are replaced
    /// as a rolling update within minimumHealthyPercent and maximumPercent (<see cref="RolloutLimits"/>); a blue/green
    /// deployment follows its lifecycle stage instead (<see cref="BlueGreenStage"/>). When the PRIMARY deployment runs
    /// desiredCount tasks and nothing else runs, its rollout is COMPLETED and the service is steady. With the circuit
    /// breaker enabled, a deployment whose failed tasks reach the threshold FAILS and starts no more tasks. Tasks that
    /// keep failing slow starts down (<see cref="ReplacementThrottle"/>). A task under scale-in protection is never
    /// stopped until its protection ends.
    /// </summary>
    public static ServiceDecision Decide(ServiceView view, DateTimeOffset now, ServiceThrottleOptions throttle)
    {
        var (service, primary, tasks) = (view.Service, view.Primary, view.Tasks);
        var all = tasks.Where(t => !t.HasStopped).ToList();
        var live = all.Where(t => t.WantsToRun).ToList();
        var draining = live.Where(t => t.InstanceId is { } instance && view.DrainingInstances.Contains(instance)).ToHashSet();
        var ofPrimary = live.Where(t => t.Task.StartedBy == primary.Id && !draining.Contains(t)).ToList();
        var older = live.Where(t => t.Task.StartedBy != primary.Id || draining.Contains(t)).ToList();
        var limits = RolloutLimits.Of(service);
        var healthy = live.Count(RolloutLimits.IsHealthy);
        var stoppable = live.Where(t => !t.IsProtectedAt(now)).ToHashSet();
        var blueGreen = view.Lifecycle is { } lifecycle && lifecycle.DeploymentId == primary.Id
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
        var unresolved = ReplacementThrottle.Unresolved(failedTasks, tasks.Where(t => t.Task.StartedBy == primary.Id), now, throttle);
        var throttledUntil = ReplacementThrottle.NextStart(unresolved.Select(failure => failure.At).ToList(), throttle);
        // Tasks being stopped still run until they have stopped, so they count against maximumPercent.
        var room = blueGreen is null ? limits.MaxTotal - all.Count : blueGreen.StartsGreen ? int.MaxValue : 0;
        var wanted = launching ? Math.Max(0, Math.Min(limits.Desired - ofPrimary.Count, room)) : 0;
        var throttled = wanted > 0 && throttledUntil > now;
        var starts = throttled ? 0 : wanted;

        var actions = new ServiceActions
        {
            ServiceArn = service.ServiceArn!,
            ServiceVersion = view.Version,
            DeploymentId = primary.Id,
            FailedTasks = failedTasks.Count != (primary.FailedTasks ?? 0) ? failedTasks.Count : null,
            FailDeploymentId = tripped ? primary.Id : null,
            Rollback = tripped && breaker!.Rollback == true,
            // Counted as EcsApi counts them: the PRIMARY deployment's tasks on DRAINING instances too.
            TargetTaskCount = starts > 0 ? live.Count(t => t.Task.StartedBy == primary.Id) + starts : null,
            StopTaskArns = surplus.Concat(olderToStop).Select(t => t.Arn).ToList(),
            StopReason = olderToStop.Count == 0 ? "Service scaled in"
                : olderToStop.All(draining.Contains) ? "Task stopped because its container instance is DRAINING"
                : $"Task replaced by deployment {primary.Id}",
            AdvanceStageFrom = blueGreen?.AdvanceFrom,
        };
        var steady = launching && blueGreen is not { StopsBlue: false } && starts == 0 && actions.StopTaskArns.Count == 0 && older.Count == 0
                     && ofPrimary.Count == limits.Desired && ofPrimary.All(t => t.Task.LastStatus == TaskLifecycle.Running);
        if (steady && (service.Deployments!.Count > 1 || primary.RolloutState != DeploymentStates.Completed))
        {
            actions.CompleteDeploymentId = primary.Id;
            actions.Events.Add($"(service {service.ServiceName}) (deployment {primary.Id}) deployment completed.");
        }

        if (steady && !view.Memory.Steady)
        {
            actions.Events.Add($"(service {service.ServiceName}) has reached a steady state.");
        }

        var stalled = blueGreen is null && launching && wanted == 0 && actions.StopTaskArns.Count == 0 && older.Any(stoppable.Contains)
                      && ofPrimary.Count < limits.Desired && live.All(RolloutLimits.IsHealthy);
        var unplaced = ofPrimary.Select(t => view.PlacementProblem(t.Arn)).OfType<string>().Distinct();
        var problems = ServiceProblems.Describe(service, unplaced, unresolved.Select(failure => failure.Task), throttled, stalled)
            .Where(problem => !view.Memory.ReportedProblems.Contains(problem)).ToList();
        actions.Events.AddRange(problems);

        var heldBack = older.Count > 0 || ofPrimary.Count > limits.Desired;
        var protectionEnds = heldBack ? live.Where(t => !stoppable.Contains(t)).Min(t => t.ProtectedUntil) : null;
        var lookAgain = new[] { throttled ? throttledUntil : null, blueGreen?.LookAgainAt, protectionEnds }.Min();
        return new ServiceDecision(actions, steady, problems, Resolved: steady && unresolved.Count == 0, lookAgain);
    }
}
