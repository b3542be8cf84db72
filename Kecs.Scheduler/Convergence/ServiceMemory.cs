namespace Kecs.Scheduler.Convergence;

/// <summary>
/// What the service scheduler has told about one service so far. ECS reports a steady state once each
/// time it is reached, and does not repeat a problem event until its cause is resolved.
/// </summary>
public sealed class ServiceMemory
{
    public bool Steady { get; set; }

    public HashSet<string> ReportedProblems { get; } = [];
}
