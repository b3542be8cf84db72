using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.State;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Services;

/// <summary>
/// Applies an UpdateService request. Only given members change. A change to what the tasks run
/// (task definition, network, platform, capacity providers, load balancers, registries, Service
/// Connect, volumes, VPC Lattice) or forceNewDeployment makes a new PRIMARY deployment; the previous
/// PRIMARY becomes ACTIVE until the scheduler has replaced its tasks.
/// </summary>
public static class ServiceUpdate
{
    public static void ValidateShape(UpdateServiceRequest request)
    {
        if (request.DesiredCount is { } desired)
        {
            ServiceValidation.DesiredCount(desired);
        }

        CapacityProviderStrategies.ValidateShape(request.CapacityProviderStrategy);
        ServiceValidation.DeploymentConfiguration(request.DeploymentConfiguration);
        ServiceValidation.PropagateTags(request.PropagateTags);
        ServiceValidation.AvailabilityZoneRebalancing(request.AvailabilityZoneRebalancing);
        InstancePlacement.Validate(request.PlacementConstraints, request.PlacementStrategy);
    }

    public static void Apply(StateWrite write, Service service, UpdateServiceRequest request, EcsRequestContext context, DateTimeOffset now)
    {
        var primary = service.Deployments?.FirstOrDefault(d => d.Status == DeploymentStates.Primary);
        var redeploy = request.ForceNewDeployment == true;

        if (request.TaskDefinition is not null && service.DeploymentController?.Type is "EXTERNAL" or "CODE_DEPLOY")
        {
            throw EcsException.InvalidParameter(service.DeploymentController.Type == "CODE_DEPLOY"
                ? "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment."
                : "Unable to update task definition on services with an EXTERNAL deployment controller. Create a task set and make it the primary task set instead.");
        }

        if (request.TaskDefinition is not null)
        {
            var definition = TaskDefinitionStore.RequireUsable(write.State, request.TaskDefinition, context);
            redeploy |= definition.TaskDefinitionArn != service.TaskDefinition;
            service.TaskDefinition = definition.TaskDefinitionArn;
        }

        var taskDefinition = service.TaskDefinition is null ? null : TaskDefinitionStore.Find(write.State, service.TaskDefinition);
        redeploy |= Change(request.NetworkConfiguration, service.NetworkConfiguration, v => service.NetworkConfiguration = v, EcsJsonContext.Default.NetworkConfiguration);
        ServiceValidation.NetworkConfiguration(service.NetworkConfiguration, taskDefinition);
        redeploy |= Change(request.PlatformVersion, service.PlatformVersion, v => service.PlatformVersion = v, EcsJsonContext.Default.String);
        if (request.CapacityProviderStrategy is { Count: > 0 } && service.LaunchType is not null)
        {
            throw EcsException.InvalidParameter(
                "The service uses a launch type; a capacity provider strategy can only replace another capacity provider strategy.");
        }

        redeploy |= Change(request.CapacityProviderStrategy, service.CapacityProviderStrategy, v => service.CapacityProviderStrategy = v, EcsJsonContext.Default.ListCapacityProviderStrategyItem);
        redeploy |= Change(request.LoadBalancers, service.LoadBalancers, v => service.LoadBalancers = v, EcsJsonContext.Default.ListLoadBalancer);
        redeploy |= Change(request.ServiceRegistries, service.ServiceRegistries, v => service.ServiceRegistries = v, EcsJsonContext.Default.ListServiceRegistry);

        var inputs = ServiceDeploymentInputs.Of(primary);
        redeploy |= Change(request.ServiceConnectConfiguration, inputs.ServiceConnectConfiguration, v => inputs = inputs with { ServiceConnectConfiguration = v }, EcsJsonContext.Default.ServiceConnectConfiguration);
        redeploy |= Change(request.VolumeConfigurations, inputs.VolumeConfigurations, v => inputs = inputs with { VolumeConfigurations = v }, EcsJsonContext.Default.ListServiceVolumeConfiguration);
        redeploy |= Change(request.VpcLatticeConfigurations, inputs.VpcLatticeConfigurations, v => inputs = inputs with { VpcLatticeConfigurations = v }, EcsJsonContext.Default.ListVpcLatticeConfiguration);

        if (request.DesiredCount is { } desiredCount)
        {
            service.DesiredCount = desiredCount;
        }

        if (request.DeploymentConfiguration is { } deploymentConfiguration)
        {
            service.DeploymentConfiguration = ServiceValidation.WithDefaults(deploymentConfiguration, service.SchedulingStrategy ?? "REPLICA");
        }

        service.PlacementConstraints = request.PlacementConstraints ?? service.PlacementConstraints;
        service.PlacementStrategy = request.PlacementStrategy ?? service.PlacementStrategy;
        service.HealthCheckGracePeriodSeconds = request.HealthCheckGracePeriodSeconds ?? service.HealthCheckGracePeriodSeconds;
        service.EnableExecuteCommand = request.EnableExecuteCommand ?? service.EnableExecuteCommand;
        service.EnableECSManagedTags = request.EnableECSManagedTags ?? service.EnableECSManagedTags;
        service.PropagateTags = request.PropagateTags ?? service.PropagateTags;
        service.AvailabilityZoneRebalancing = request.AvailabilityZoneRebalancing ?? service.AvailabilityZoneRebalancing;

        if (redeploy && service.DeploymentController?.Type is null or "ECS")
        {
            if (primary is not null)
            {
                primary.Status = DeploymentStates.Active;
                primary.UpdatedAt = now;
            }

            var next = Deployments.New(service, now, inputs);
            service.Deployments = [next, .. service.Deployments ?? []];
            ServiceDeploymentHistory.Begin(write, service, next, now);
        }
        else if (primary is not null && primary.DesiredCount != service.DesiredCount)
        {
            primary.DesiredCount = service.DesiredCount;
            primary.UpdatedAt = now;
        }
    }

    // A given member that differs from the current value replaces it and counts as a change.
    private static bool Change<T>(T? given, T? current, Action<T> replace, JsonTypeInfo<T> json) where T : class
    {
        if (given is null || JsonSerializer.Serialize(given, json) == (current is null ? null : JsonSerializer.Serialize(current, json)))
        {
            return false;
        }

        replace(given);
        return true;
    }
}
