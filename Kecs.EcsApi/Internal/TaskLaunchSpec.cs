using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Internal;

/// <summary>What a service's new task runs and where: from its PRIMARY deployment, or from one of its task sets.</summary>
public sealed record TaskLaunchSpec(
    string Id, string TaskDefinition, List<CapacityProviderStrategyItem>? CapacityProviderStrategy, string? LaunchType,
    NetworkConfiguration? NetworkConfiguration)
{
    /// <summary>The deployment or task set with this id that may start tasks now, or null.</summary>
    public static TaskLaunchSpec? Of(Service service, string? id)
    {
        if (service.Deployments?.FirstOrDefault(d => d.Id == id && d.Status == DeploymentStates.Primary) is { } deployment)
        {
            return new(deployment.Id!, deployment.TaskDefinition!, deployment.CapacityProviderStrategy, deployment.LaunchType, deployment.NetworkConfiguration);
        }

        return service.TaskSets?.FirstOrDefault(set => set.Id == id && set.Status != TaskSetScale.Draining) is { } taskSet
            ? new(taskSet.Id!, taskSet.TaskDefinition!, taskSet.CapacityProviderStrategy, taskSet.LaunchType, taskSet.NetworkConfiguration)
            : null;
    }
}
