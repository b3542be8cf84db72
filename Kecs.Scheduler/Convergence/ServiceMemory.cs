namespace Kecs.Scheduler.Convergence;

/// <summary>
/// What the service scheduler has told about one service so far. ECS reports a steady state once each
/// time it is reached, and does not repeat a problem event until its cause is resolved.
/// </summary>
public sealed class ServiceMemory
{
    public bool Steady { get; set; }

    public HashSet<string> ReportedProblems { get; } = [];

    /// <summary>Problems told stay told until they are resolved: the service is steady with no failure left unresolved.</summary>
    public void Told(IEnumerable<string> problems, bool resolved)
    {
        if (resolved)
        {
            ReportedProblems.Clear();
        }
        else
        {
            ReportedProblems.UnionWith(problems);
        }
    }
}
