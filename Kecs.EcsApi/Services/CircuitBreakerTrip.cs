using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Services;

/// <summary>
/// What the deployment circuit breaker does once the Scheduler has counted enough failed tasks: the
/// deployment's rollout FAILS, and with rollback the service rolls back to the last COMPLETED
/// deployment. A deployment that was itself a rollback is not rolled back again.
/// </summary>
public static class CircuitBreakerTrip
{
    private const string Reason = "ECS deployment circuit breaker: tasks failed to start.";

    public static void Apply(StateWrite write, Service service, Deployment failing, bool rollback, DateTimeOffset now)
    {
        failing.RolloutState = DeploymentStates.Failed;
        failing.RolloutStateReason = Reason;
        failing.UpdatedAt = now;
        ServiceEvents.Add(service, $"(service {service.ServiceName}) (deployment {failing.Id}) deployment failed: tasks failed to start.", now);

        if (rollback && DeploymentRollback.Target(service) is { } target && !ServiceDeploymentHistory.IsRollback(write.State, service, failing.Id!))
        {
            DeploymentRollback.Start(write, service, failing, target, Reason, byCircuitBreaker: true, now);
        }
        else
        {
            ServiceDeploymentHistory.Failed(write, service, failing.Id!, Reason, now);
        }
    }
}
