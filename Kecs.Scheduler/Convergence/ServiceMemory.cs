namespace Kecs.Scheduler.Convergence;

/// <summary>
/// What the service scheduler has told about one service so far. ECS reports a steady state once each
/// time it is reached, and does not repeat a problem event until its cause is resolved, that is until
/// the service is steady again.
/// </summary>
public sealed class ServiceMemory
{
    public bool Steady { get; set; }

    /// <summary>When the service last reached a steady state; failures before it are resolved.</summary>
    public DateTimeOffset SteadySince { get; set; } = DateTimeOffset.MinValue;

    public HashSet<string> ReportedProblems { get; } = [];
}
