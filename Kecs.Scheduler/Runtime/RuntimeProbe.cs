namespace Kecs.Scheduler.Runtime;

/// <summary>What a runtime's backend said when asked just now: for Kubernetes, the API server, its version or the exact error.</summary>
public sealed record RuntimeProbe(string? KubeContext, string? ApiServer, string? Version, string? Error)
{
    public static readonly RuntimeProbe None = new(null, null, null, null);
}

/// <summary>A task's logs cannot be read, with a reason a person can act on.</summary>
public sealed class TaskLogsUnavailableException(string message, bool notFound = false) : Exception(message)
{
    public bool NotFound { get; } = notFound;
}
