using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>What the daemon scheduler does next for one daemon, and when it should look again if nothing else changes.</summary>
public sealed record DaemonPlan(List<string> StartOn, List<(string TaskArn, string Reason)> Stop, bool Complete, DateTimeOffset? LookAgainAt)
{
    public bool IsEmpty => StartOn.Count == 0 && Stop.Count == 0 && !Complete;

    /// <summary>
    /// The daemon scheduler's decision, from the daemon, the container instances, the daemon's tasks and the clock. Each
    /// instance keeps exactly one task of the target revision: an instance without one gets it (a new instance, or a task
    /// that stopped), a second one on an instance is stopped, and tasks on instances that are gone are stopped. A new
    /// revision replaces the old one a batch of instances at a time (drainPercent of them, at least one): the old task
    /// stops first, the new one starts once it has stopped, and the next batch starts when the batch before runs and
    /// has baked for bakeTimeInMinutes. A deleted daemon stops every task. The deployment succeeds when every instance
    /// runs the target revision (a deleted daemon: when no task is left) and the last batch has baked. Tasks of the
    /// revision that keep failing slow its starts down as a service's are (<see cref="ReplacementThrottle"/>).
    /// </summary>
    public static DaemonPlan Decide(
        DaemonSpec daemon, IReadOnlyCollection<string> instanceIds, IReadOnlyList<DesiredTask> tasks, DateTimeOffset now, ServiceThrottleOptions throttle)
    {
        var present = tasks.Where(t => !t.HasStopped).ToList();
        var stop = new List<(string, string)>();
        if (daemon.RevisionId is null)
        {
            stop.AddRange(present.Where(t => t.WantsToRun).Select(t => (t.Arn, "Daemon deleted")));
            return new DaemonPlan([], stop, Complete: present.Count == 0 && daemon.DeploymentStatus == InProgress, LookAgainAt: null);
        }

        var instances = instanceIds.ToHashSet();
        stop.AddRange(present.Where(t => t.WantsToRun && !instances.Contains(t.InstanceId ?? ""))
            .Select(t => (t.Arn, $"Container instance {t.InstanceId} is no longer part of the cluster")));

        var startOn = new List<string>();
        var candidates = new List<DesiredTask>();
        var inFlight = 0;
        foreach (var instance in instances.Order(StringComparer.Ordinal))
        {
            var here = present.Where(t => t.InstanceId == instance).ToList();
            var targets = here.Where(t => t.WantsToRun && t.Task.StartedBy == daemon.RevisionId).OrderBy(t => t.Task.CreatedAt).ToList();
            var older = here.Where(t => t.WantsToRun && t.Task.StartedBy != daemon.RevisionId).ToList();
            stop.AddRange(targets.Skip(1).Select(t => (t.Arn, "Only one daemon task runs on a container instance")));
            if (here.Count == 0)
            {
                startOn.Add(instance);
            }
            else if (targets.Count > 0)
            {
                stop.AddRange(older.Select(t => (t.Arn, $"Task replaced by daemon deployment {daemon.DeploymentArn}")));
            }
            else if (older.Count > 0 && here.All(t => t.WantsToRun))
            {
                candidates.Add(older[0]);
            }

            if (here.Any(t => !t.WantsToRun) || targets.Any(t => t.Task.LastStatus != TaskLifecycle.Running))
            {
                inFlight++;
            }
        }

        var bakedAt = present.Where(t => t.Task.StartedBy == daemon.RevisionId).Select(t => t.Task.StartedAt).Max() + TimeSpan.FromMinutes(daemon.BakeTimeInMinutes);
        var baking = daemon.BakeTimeInMinutes > 0 && bakedAt > now;
        var batch = Math.Max(1, (int)Math.Floor(daemon.DrainPercent * instances.Count / 100));
        var replacing = baking ? 0 : Math.Max(0, batch - inFlight);
        stop.AddRange(candidates.Take(replacing).Select(t => (t.Arn, $"Task replaced by daemon deployment {daemon.DeploymentArn}")));

        var converged = stop.Count == 0 && startOn.Count == 0 && candidates.Count == 0 && inFlight == 0
                        && present.All(t => t.WantsToRun && t.Task.StartedBy == daemon.RevisionId);
        var failures = ReplacementThrottle.Failures(tasks, daemon.RevisionId, now);
        var unresolved = ReplacementThrottle.Unresolved(failures, tasks.Where(t => t.Task.StartedBy == daemon.RevisionId), now, throttle);
        var throttledUntil = startOn.Count > 0 ? ReplacementThrottle.NextStart(unresolved.Select(f => f.At).ToList(), throttle) : null;
        var throttled = throttledUntil > now;
        var lookAgain = new[]
        {
            baking && (candidates.Count > 0 || daemon.DeploymentStatus == InProgress) ? bakedAt : null,
            throttled ? throttledUntil : null,
        }.Min();
        return new DaemonPlan(throttled ? [] : startOn, stop, Complete: converged && !baking && daemon.DeploymentStatus == InProgress,
            LookAgainAt: lookAgain);
    }

    private const string InProgress = "IN_PROGRESS";
}
