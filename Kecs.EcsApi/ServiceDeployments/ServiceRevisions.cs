using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>
/// Service revisions: what one <c>deployments[]</c> entry runs. A revision's ARN ends in the digits of
/// that entry's <c>ecs-svc/</c> id, as on ECS (Terraform finds a deployment's revision by that suffix).
/// </summary>
public static class ServiceRevisions
{
    private const string DeploymentIdPrefix = "ecs-svc/";

    public static string Arn(string serviceArn, string deploymentId) =>
        serviceArn.Replace(":service/", ":service-revision/", StringComparison.Ordinal) + "/" + deploymentId[DeploymentIdPrefix.Length..];

    public static string DeploymentId(string revisionArn) => DeploymentIdPrefix + revisionArn[(revisionArn.LastIndexOf('/') + 1)..];

    public static ServiceRevision Of(Service service, Deployment deployment, TaskDefinition? definition, DateTimeOffset now) => new()
    {
        ServiceRevisionArn = Arn(service.ServiceArn!, deployment.Id!),
        ServiceArn = service.ServiceArn,
        ClusterArn = service.ClusterArn,
        TaskDefinition = deployment.TaskDefinition,
        CapacityProviderStrategy = deployment.CapacityProviderStrategy,
        LaunchType = deployment.LaunchType,
        PlatformVersion = deployment.PlatformVersion,
        PlatformFamily = deployment.PlatformFamily,
        LoadBalancers = service.LoadBalancers ?? [],
        ServiceRegistries = service.ServiceRegistries ?? [],
        NetworkConfiguration = deployment.NetworkConfiguration,
        ContainerImages = definition?.ContainerDefinitions?
            .Select(container => new ContainerImage { ContainerName = container.Name, Image = container.Image })
            .ToList() ?? [],
        GuardDutyEnabled = false,
        ServiceConnectConfiguration = deployment.ServiceConnectConfiguration,
        VolumeConfigurations = deployment.VolumeConfigurations,
        VpcLatticeConfigurations = deployment.VpcLatticeConfigurations,
        CreatedAt = now,
    };

    /// <summary>A revision's requested, running and pending task counts as they are now.</summary>
    public static ServiceRevisionSummary Summary(string revisionArn, Service? service, ServiceTaskCounts counts)
    {
        var deploymentId = DeploymentId(revisionArn);
        var (running, pending) = counts.Of(deploymentId);
        return new ServiceRevisionSummary
        {
            Arn = revisionArn,
            RequestedTaskCount = service?.Deployments?.FirstOrDefault(d => d.Id == deploymentId)?.DesiredCount ?? 0,
            RunningTaskCount = running,
            PendingTaskCount = pending,
        };
    }
}
