using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>The service events for what keeps a service from its desired state, worded as ECS words them.</summary>
public static class ServiceProblems
{
    public static IEnumerable<string> Describe(
        Service service, IEnumerable<string> unplaced, IEnumerable<DesiredTask> unresolvedFailures, bool throttled, bool stalled)
    {
        foreach (var reason in unplaced)
        {
            yield return $"(service {service.ServiceName}) was unable to place a task because no container instance met all of its requirements. Reason: {reason}";
        }

        foreach (var reason in unresolvedFailures.Where(t => t.Task.StopCode == StopCodes.TaskFailedToStart).Select(t => t.Task.StoppedReason).Distinct())
        {
            yield return $"(service {service.ServiceName}) failed to launch a task with (error {reason}).";
        }

        if (throttled)
        {
            yield return $"(service {service.ServiceName}) is unable to consistently start tasks successfully.";
        }

        if (stalled)
        {
            yield return $"(service {service.ServiceName}) was unable to stop or start tasks during a deployment because of the service deployment configuration. "
                         + "Update the minimumHealthyPercent or maximumPercent value and try again.";
        }
    }
}
