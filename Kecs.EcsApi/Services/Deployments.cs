using System.Globalization;
using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Services;

/// <summary>Service deployments as ECS shows them in <c>deployments[]</c>.</summary>
public static class Deployments
{
    /// <summary>A new PRIMARY deployment of what the service now asks for.</summary>
    public static Deployment New(Service service, DateTimeOffset now, ServiceDeploymentInputs inputs)
    {
        var id = NewId();
        return new Deployment
        {
            Id = id,
            Status = DeploymentStates.Primary,
            TaskDefinition = service.TaskDefinition,
            DesiredCount = service.DesiredCount,
            PendingCount = 0,
            RunningCount = 0,
            FailedTasks = 0,
            CreatedAt = now,
            UpdatedAt = now,
            LaunchType = service.LaunchType,
            CapacityProviderStrategy = service.CapacityProviderStrategy,
            PlatformVersion = service.PlatformVersion,
            PlatformFamily = service.PlatformFamily,
            NetworkConfiguration = service.NetworkConfiguration,
            ServiceConnectConfiguration = inputs.ServiceConnectConfiguration,
            VolumeConfigurations = inputs.VolumeConfigurations,
            VpcLatticeConfigurations = inputs.VpcLatticeConfigurations,
            RolloutState = DeploymentStates.InProgress,
            RolloutStateReason = $"ECS deployment {id} in progress.",
        };
    }

    /// <summary><c>ecs-svc/</c> and 19 decimal digits, as ECS writes deployment ids.</summary>
    public static string NewId() =>
        "ecs-svc/" + Random.Shared.NextInt64(1_000_000_000_000_000_000, long.MaxValue).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Deployment settings that UpdateService and CreateService take but Service itself does not show.</summary>
public sealed record ServiceDeploymentInputs(
    ServiceConnectConfiguration? ServiceConnectConfiguration,
    List<ServiceVolumeConfiguration>? VolumeConfigurations,
    List<VpcLatticeConfiguration>? VpcLatticeConfigurations)
{
    public static ServiceDeploymentInputs Of(Deployment? deployment) => new(
        deployment?.ServiceConnectConfiguration, deployment?.VolumeConfigurations, deployment?.VpcLatticeConfigurations);
}
