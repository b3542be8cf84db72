namespace Kecs.Ecs;

/// <summary>The ECS task <c>stopCode</c> values Kecs sets, shared by EcsApi and the Scheduler.</summary>
public static class StopCodes
{
    public const string TaskFailedToStart = "TaskFailedToStart";
    public const string EssentialContainerExited = "EssentialContainerExited";
    public const string UserInitiated = "UserInitiated";
    public const string ServiceSchedulerInitiated = "ServiceSchedulerInitiated";
    public const string TerminationNotice = "TerminationNotice";
}
