namespace Kecs.Ecs;

/// <summary>A service deployment's <c>status</c> and <c>rolloutState</c> values, shared by EcsApi and the Scheduler.</summary>
public static class DeploymentStates
{
    public const string Primary = "PRIMARY";
    public const string Active = "ACTIVE";

    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
}
