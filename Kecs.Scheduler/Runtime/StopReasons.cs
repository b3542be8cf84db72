namespace Kecs.Scheduler.Runtime;

/// <summary>The stoppedReason and container reason texts every runtime words the same way, after ECS's.</summary>
public static class StopReasons
{
    public static string EssentialContainerExited(string container, string why) => $"Essential container in task exited: {container} ({why})";

    public static string ExitCode(int exitCode) => $"exit code {exitCode}";

    public static string CannotPullContainer(string detail) => $"CannotPullContainerError: {detail}";
}
