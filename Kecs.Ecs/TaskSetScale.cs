using Kecs.Ecs.Model;

namespace Kecs.Ecs;

/// <summary>A task set's share of its service, shared by EcsApi (which reports it) and the Scheduler (which runs it).</summary>
public static class TaskSetScale
{
    public const string Draining = "DRAINING";

    /// <summary>
    /// The tasks a task set runs (its <c>computedDesiredCount</c>): its scale's percentage of the service's desiredCount,
    /// rounded up; none once it is DRAINING.
    /// </summary>
    public static int DesiredCount(TaskSet taskSet, int serviceDesiredCount) =>
        taskSet.Status == Draining ? 0 : (int)Math.Ceiling((serviceDesiredCount * (taskSet.Scale?.Value ?? 100) / 100) - 1e-9);
}
