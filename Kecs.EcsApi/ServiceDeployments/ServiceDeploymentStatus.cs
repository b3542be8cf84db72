namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>A service deployment's <c>status</c> values, and which of them mean it is still going on.</summary>
public static class ServiceDeploymentStatus
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Successful = "SUCCESSFUL";
    public const string Stopped = "STOPPED";
    public const string StopRequested = "STOP_REQUESTED";
    public const string RollbackRequested = "ROLLBACK_REQUESTED";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackSuccessful = "ROLLBACK_SUCCESSFUL";
    public const string RollbackFailed = "ROLLBACK_FAILED";

    public static readonly string[] All =
        [Pending, InProgress, Successful, Stopped, StopRequested, RollbackRequested, RollbackInProgress, RollbackSuccessful, RollbackFailed];

    public static readonly string[] Ongoing = [Pending, InProgress, StopRequested, RollbackRequested, RollbackInProgress];

    public static bool IsOngoing(string? status) => Ongoing.Contains(status);
}
