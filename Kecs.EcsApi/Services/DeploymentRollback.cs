using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Services;

/// <summary>
/// Rolls a service back from its PRIMARY deployment to the last deployment whose rollout COMPLETED: a
/// new PRIMARY runs that deployment's task definition and settings, and the scheduler replaces the
/// failing deployment's tasks as in any rolling update.
/// </summary>
public static class DeploymentRollback
{
    public static Deployment? Target(Service service) =>
        service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Active && d.RolloutState == DeploymentStates.Completed);

    /// <summary>
    /// Fails the PRIMARY deployment and rolls back to the last COMPLETED one; false (nothing changed) when there is
    /// none to roll back to.
    /// </summary>
    public static bool TryStart(StateWrite write, Service service, Deployment failing, string reason, DateTimeOffset now)
    {
        if (Target(service) is not { } target)
        {
            return false;
        }

        failing.RolloutState = DeploymentStates.Failed;
        failing.RolloutStateReason = reason;
        Start(write, service, failing, target, reason, byCircuitBreaker: false, now);
        return true;
    }

    public static void Start(
        StateWrite write, Service service, Deployment failing, Deployment target, string reason, bool byCircuitBreaker, DateTimeOffset now)
    {
        service.TaskDefinition = target.TaskDefinition;
        service.NetworkConfiguration = target.NetworkConfiguration;
        service.LaunchType = target.LaunchType;
        service.CapacityProviderStrategy = target.CapacityProviderStrategy;
        service.PlatformVersion = target.PlatformVersion;
        failing.Status = DeploymentStates.Active;
        failing.UpdatedAt = now;
        var replacement = Deployments.New(service, now, ServiceDeploymentInputs.Of(target));
        service.Deployments = [replacement, .. service.Deployments!];
        ServiceEvents.Add(service, $"(service {service.ServiceName}) rolling back to deployment {target.Id}; deployment {replacement.Id} runs {target.TaskDefinition}.", now);
        ServiceDeploymentHistory.RollingBack(write, service, failing.Id!, replacement, reason, byCircuitBreaker, now);
    }
}
