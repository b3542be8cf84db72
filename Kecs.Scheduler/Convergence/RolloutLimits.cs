using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// A rolling update's bounds as ECS defines them: at most maximumPercent of desiredCount tasks
/// RUNNING or PENDING (rounded down), at least minimumHealthyPercent of it healthy (rounded up).
/// The defaults are ECS's for REPLICA services: 200 and 100.
/// </summary>
public sealed record RolloutLimits(int Desired, int MaxTotal, int MinHealthy)
{
    public static RolloutLimits Of(Service service)
    {
        var desired = service.DesiredCount ?? 0;
        var configuration = service.DeploymentConfiguration;
        return new RolloutLimits(
            desired,
            (int)Math.Floor(desired * (configuration?.MaximumPercent ?? 200) / 100.0),
            (int)Math.Ceiling(desired * (configuration?.MinimumHealthyPercent ?? 100) / 100.0));
    }

    /// <summary>RUNNING, and HEALTHY when an essential container has a health check.</summary>
    public static bool IsHealthy(DesiredTask task) =>
        task.Task.LastStatus == TaskLifecycle.Running
        && (task.Definition.ContainerDefinitions!.All(c => c.Essential is false || c.HealthCheck is null) || task.Task.HealthStatus == "HEALTHY");
}
