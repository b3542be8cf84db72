namespace Kecs.Scheduler.Companion;

/// <summary>
/// A task cannot start because of what it asks of the companion (a secret, an environment file or a log group that is not
/// there): it stops with TaskFailedToStart and this reason, worded as ECS words it.
/// </summary>
public sealed class TaskStartFailure(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
