using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Services;

/// <summary>
/// What the deployment circuit breaker does once the Scheduler has counted enough failed tasks: the
/// deployment's rollout FAILS, and with rollback a new PRIMARY deployment of the last COMPLETED
/// deployment's task definition replaces it.
/// </summary>
public static class CircuitBreakerTrip
{
    public static void Apply(Service service, Deployment failing, bool rollback, DateTimeOffset now)
    {
        failing.RolloutState = DeploymentStates.Failed;
        failing.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        failing.UpdatedAt = now;
        ServiceEvents.Add(service, $"(service {service.ServiceName}) (deployment {failing.Id}) deployment failed: tasks failed to start.", now);

        var target = service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Active && d.RolloutState == DeploymentStates.Completed);
        if (!rollback || target is null)
        {
            return;
        }

        service.TaskDefinition = target.TaskDefinition;
        service.NetworkConfiguration = target.NetworkConfiguration;
        failing.Status = DeploymentStates.Active;
        var replacement = Deployments.New(service, now, ServiceDeploymentInputs.Of(target));
        service.Deployments = [replacement, .. service.Deployments!];
        ServiceEvents.Add(service, $"(service {service.ServiceName}) rolling back to deployment {target.Id}; deployment {replacement.Id} runs {target.TaskDefinition}.", now);
    }
}
