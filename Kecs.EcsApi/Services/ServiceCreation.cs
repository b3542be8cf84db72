using Kecs.Ecs.Model;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Services;

/// <summary>Checks a CreateService request as ECS does and builds the service it asks for.</summary>
public static class ServiceCreation
{
    private static readonly string[] SchedulingStrategies = ["REPLICA", "DAEMON"];
    private static readonly string[] DeploymentControllers = ["ECS", "CODE_DEPLOY", "EXTERNAL"];

    /// <summary>Checks that need no stored state, so they fail before the write starts.</summary>
    public static void ValidateShape(CreateServiceRequest request)
    {
        ServiceReference.ValidName(request.ServiceName);
        request.SchedulingStrategy = EnumValue.Require(request.SchedulingStrategy ?? "REPLICA", SchedulingStrategies, "schedulingStrategy");
        request.DeploymentController ??= new DeploymentController { Type = "ECS" };
        EnumValue.Require(request.DeploymentController.Type ?? "", DeploymentControllers, "deploymentController type");
        ServiceValidation.LaunchTypeAndStrategy(request.LaunchType, request.CapacityProviderStrategy);
        ServiceValidation.Tokens(request.ClientToken);
        if (request.SchedulingStrategy == "REPLICA" && request.DesiredCount is null)
        {
            throw EcsException.InvalidParameter("desiredCount is required for a service with the REPLICA scheduling strategy.");
        }

        ServiceValidation.DesiredCount(request.DesiredCount ?? 0);
        if (request.SchedulingStrategy == "DAEMON" && request.LaunchType == "FARGATE")
        {
            throw EcsException.InvalidParameter("The DAEMON scheduling strategy is not supported with the FARGATE launch type.");
        }

        if (request.DeploymentController.Type != "EXTERNAL" && string.IsNullOrEmpty(request.TaskDefinition))
        {
            throw EcsException.InvalidParameter("A task definition is required for a service that uses the ECS or CODE_DEPLOY deployment controller.");
        }

        ServiceValidation.DeploymentConfiguration(request.DeploymentConfiguration);
        ServiceValidation.PropagateTags(request.PropagateTags);
        ServiceValidation.AvailabilityZoneRebalancing(request.AvailabilityZoneRebalancing);
        InstancePlacement.Validate(request.PlacementConstraints, request.PlacementStrategy);
    }

    /// <summary>The new service: every request member kept, ECS's defaults added, and its first PRIMARY deployment.</summary>
    public static Service Build(
        CreateServiceRequest request, Cluster cluster, TaskDefinition? taskDefinition, EcsRequestContext context, DateTimeOffset now)
    {
        var service = Documents.Convert(request, EcsOperations.CreateService.Request, EcsJsonContext.Default.Service);
        service.ServiceArn = ServiceReference.Arn(cluster, request.ServiceName!);
        service.ClusterArn = cluster.ClusterArn;
        service.Status = ServiceStore.Active;
        service.TaskDefinition = taskDefinition?.TaskDefinitionArn;
        service.DesiredCount = request.DesiredCount ?? 0;
        service.RunningCount = 0;
        service.PendingCount = 0;
        service.CreatedAt = now;
        service.CreatedBy = context.CallerArn;
        service.RoleArn = request.Role ?? $"arn:aws:iam::{context.AccountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS";
        service.Tags = null;
        service.LoadBalancers ??= [];
        service.ServiceRegistries ??= [];
        service.PlacementConstraints ??= [];
        service.PlacementStrategy ??= [];
        service.Events = [];
        service.PropagateTags ??= "NONE";
        service.EnableECSManagedTags ??= false;
        service.EnableExecuteCommand ??= false;
        service.AvailabilityZoneRebalancing ??= SupportsRebalancing(service) ? "ENABLED" : "DISABLED";
        service.DeploymentConfiguration = ServiceValidation.WithDefaults(request.DeploymentConfiguration, request.SchedulingStrategy!);
        if (service.LaunchType is null && service.CapacityProviderStrategy is not { Count: > 0 })
        {
            if (cluster.DefaultCapacityProviderStrategy is { Count: > 0 } clusterDefault)
            {
                service.CapacityProviderStrategy = clusterDefault;
            }
            else
            {
                service.LaunchType = "EC2";
            }
        }

        if (service.LaunchType == "FARGATE" || service.CapacityProviderStrategy is { Count: > 0 })
        {
            service.PlatformVersion ??= "LATEST";
        }

        ServiceValidation.NetworkConfiguration(service.NetworkConfiguration, taskDefinition);
        if (request.DeploymentController!.Type == "ECS")
        {
            service.Deployments =
            [
                Deployments.New(service, now, new ServiceDeploymentInputs(
                    request.ServiceConnectConfiguration, request.VolumeConfigurations, request.VpcLatticeConfigurations)),
            ];
        }
        else
        {
            service.Deployments = [];
            service.TaskSets = [];
            if (request.DeploymentController.Type == "CODE_DEPLOY")
            {
                // ECS starts a CODE_DEPLOY service with one PRIMARY task set of its task definition; CodeDeploy adds the next.
                var initial = TaskSets.ServiceTaskSets.New(service, taskDefinition!, new CreateTaskSetRequest
                {
                    LaunchType = service.LaunchType, CapacityProviderStrategy = service.CapacityProviderStrategy,
                    PlatformVersion = service.PlatformVersion, NetworkConfiguration = service.NetworkConfiguration,
                    LoadBalancers = service.LoadBalancers, ServiceRegistries = service.ServiceRegistries,
                }, startedBy: null, now);
                service.TaskSets = [initial];
                TaskSets.ServiceTaskSets.MakePrimary(service, initial, now);
            }
        }

        return service;
    }

    // Since June 2025 ECS turns Availability Zone rebalancing on for new services that can use it: not daemons,
    // not services placed by binpack, not task sets of another deployment controller.
    private static bool SupportsRebalancing(Service service) =>
        service.SchedulingStrategy != "DAEMON" && service.DeploymentController?.Type == "ECS"
        && !service.PlacementStrategy!.Any(strategy => strategy.Type == "binpack");

    /// <summary>The Service Connect namespace the service is in, for ListServicesByNamespace.</summary>
    public static string? Namespace(Service service, Cluster cluster)
    {
        var configuration = service.Deployments?.FirstOrDefault()?.ServiceConnectConfiguration;
        return configuration is { Enabled: true }
            ? configuration.Namespace ?? cluster.ServiceConnectDefaults?.Namespace
            : null;
    }
}
