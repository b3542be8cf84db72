using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// What a blue/green deployment's lifecycle stage lets the service scheduler do: start the green (PRIMARY)
/// revision's tasks from SCALE_UP on, beside the blue ones whatever maximumPercent says; stop the blue revision's
/// tasks only at CLEAN_UP, and count the rollout complete only then. It also says when to ask EcsApi to leave the stage
/// (green all healthy at SCALE_UP, the bake time over, a waiting hook's timeout) and when to look again.
/// </summary>
public sealed record BlueGreenStage(bool StartsGreen, bool StopsBlue, string? AdvanceFrom, DateTimeOffset? LookAgainAt)
{
    public static BlueGreenStage Of(DeploymentLifecycle lifecycle, Service service, IReadOnlyCollection<DesiredTask> green, DateTimeOffset now)
    {
        string? advance = null;
        DateTimeOffset? lookAgain = null;
        if (lifecycle.WaitsUntil is { } timeout)
        {
            Due(timeout, lifecycle.Stage);
        }
        else if (lifecycle.Stage == DeploymentLifecycle.ScaleUp
                 && green.Count >= (service.DesiredCount ?? 0) && green.All(RolloutLimits.IsHealthy))
        {
            advance = DeploymentLifecycle.ScaleUp;
        }
        else if (lifecycle.Stage == DeploymentLifecycle.BakeTime)
        {
            Due(lifecycle.EnteredAt.AddMinutes(service.DeploymentConfiguration?.BakeTimeInMinutes ?? 0), DeploymentLifecycle.BakeTime);
        }

        return new BlueGreenStage(
            lifecycle.IsAtOrAfter(DeploymentLifecycle.ScaleUp), lifecycle.IsAtOrAfter(DeploymentLifecycle.CleanUp), advance, lookAgain);

        // Leave the stage once its time has come; until then, look again at that time.
        void Due(DateTimeOffset at, string stage)
        {
            if (now >= at)
            {
                advance = stage;
            }
            else
            {
                lookAgain = at;
            }
        }
    }
}
