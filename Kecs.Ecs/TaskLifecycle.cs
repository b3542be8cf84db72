namespace Kecs.Ecs;

/// <summary>
/// The states of an ECS task's <c>lastStatus</c> in the order a task goes through them. A task never
/// moves backwards; Fargate and awsvpc tasks start at PROVISIONING, others at PENDING.
/// </summary>
public static class TaskLifecycle
{
    public const string Provisioning = "PROVISIONING";
    public const string Pending = "PENDING";
    public const string Activating = "ACTIVATING";
    public const string Running = "RUNNING";
    public const string Deactivating = "DEACTIVATING";
    public const string Stopping = "STOPPING";
    public const string Deprovisioning = "DEPROVISIONING";
    public const string Stopped = "STOPPED";

    public static readonly IReadOnlyList<string> States =
        [Provisioning, Pending, Activating, Running, Deactivating, Stopping, Deprovisioning, Stopped];

    /// <summary>States in which a task counts as pending in cluster and service counters.</summary>
    public static readonly IReadOnlyList<string> PendingStates = [Provisioning, Pending, Activating];

    /// <summary>The position of a state in the lifecycle, or -1 for a string that is not one.</summary>
    public static int Order(string? status) => status is null ? -1 : States.IndexOf(status);

    private static int IndexOf(this IReadOnlyList<string> states, string status)
    {
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i] == status)
            {
                return i;
            }
        }

        return -1;
    }
}
