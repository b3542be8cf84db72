using System.Globalization;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Tasks;

/// <summary>Where and how a task runs: resolved once per RunTask from the request, cluster and task definition.</summary>
public sealed record TaskPlacement(string LaunchType, string? CapacityProviderName, NetworkConfiguration? Network);

/// <summary>Builds new tasks as ECS shows them right after RunTask: desiredStatus RUNNING, not yet started.</summary>
public static class TaskLaunch
{
    public static EcsTask New(
        Cluster cluster, TaskDefinition definition, TaskPlacement placement, TaskOverride overrides,
        string group, string? startedBy, bool enableExecuteCommand, DateTimeOffset now, EcsRequestContext context)
    {
        var id = TaskReference.NewId();
        var taskArn = TaskReference.Arn(cluster, id);
        var fargate = placement.LaunchType == "FARGATE";
        return new EcsTask
        {
            TaskArn = taskArn,
            ClusterArn = cluster.ClusterArn,
            TaskDefinitionArn = definition.TaskDefinitionArn,
            Group = group,
            StartedBy = startedBy,
            LaunchType = placement.LaunchType,
            CapacityProviderName = placement.CapacityProviderName,
            PlatformVersion = fargate ? "1.4.0" : null,
            PlatformFamily = fargate ? "Linux" : null,
            AvailabilityZone = context.Region + "a",
            Cpu = overrides.Cpu ?? definition.Cpu,
            Memory = overrides.Memory ?? definition.Memory,
            DesiredStatus = TaskStore.DesiredRunning,
            LastStatus = fargate || definition.NetworkMode == "awsvpc" ? TaskLifecycle.Provisioning : TaskLifecycle.Pending,
            HealthStatus = "UNKNOWN",
            CreatedAt = now,
            Version = 1,
            EnableExecuteCommand = enableExecuteCommand,
            Overrides = overrides,
            Attachments = definition.NetworkMode == "awsvpc" ? [NetworkInterface(placement.Network!)] : [],
            Attributes = [],
            InferenceAccelerators = definition.InferenceAccelerators is { Count: > 0 } ? definition.InferenceAccelerators : null,
            EphemeralStorage = fargate ? definition.EphemeralStorage ?? new EphemeralStorage { SizeInGiB = 20 } : null,
            Containers = definition.ContainerDefinitions!
                .Select(container => Container(cluster, id, taskArn, container, overrides))
                .ToList(),
        };
    }

    /// <summary>
    /// Places the task on an instance as ECS's placement picks it (its <c>containerInstanceArn</c> and that instance's
    /// zone); false, with the failure added, when it fits nowhere.
    /// </summary>
    public static bool PlaceOn(EcsTask task, InstancePlacement instances, List<Failure> failures)
    {
        var (instance, failure) = instances.Place(task);
        if (instance is null)
        {
            failures.Add(failure!);
            return false;
        }

        task.ContainerInstanceArn = instance.ContainerInstanceArn;
        task.AvailabilityZone = instance.Attributes?.FirstOrDefault(a => a.Name == "ecs.availability-zone")?.Value ?? task.AvailabilityZone;
        return true;
    }

    /// <summary>The task's overrides as ECS reports them: one containerOverrides entry per container, given values kept.</summary>
    public static TaskOverride Overrides(TaskOverride? given, TaskDefinition definition)
    {
        var containers = definition.ContainerDefinitions!.Select(c => c.Name!).ToList();
        foreach (var containerOverride in given?.ContainerOverrides ?? [])
        {
            if (!containers.Contains(containerOverride.Name ?? ""))
            {
                throw EcsException.InvalidParameter(
                    $"Override for container named {containerOverride.Name} is not a container in the TaskDefinition.");
            }
        }

        var overrides = given ?? new TaskOverride();
        overrides.Cpu = TaskDefinitions.TaskSize.Cpu(overrides.Cpu);
        overrides.Memory = TaskDefinitions.TaskSize.Memory(overrides.Memory);
        overrides.ContainerOverrides = containers
            .Select(name => overrides.ContainerOverrides?.FirstOrDefault(o => o.Name == name) ?? new ContainerOverride { Name = name })
            .ToList();
        overrides.InferenceAcceleratorOverrides ??= [];
        return overrides;
    }

    private static Container Container(Cluster cluster, string taskId, string taskArn, ContainerDefinition definition, TaskOverride overrides)
    {
        var containerOverride = overrides.ContainerOverrides?.FirstOrDefault(o => o.Name == definition.Name);
        return new Container
        {
            ContainerArn = cluster.ClusterArn!.Replace(":cluster/", ":container/", StringComparison.Ordinal) + $"/{taskId}/{Guid.NewGuid()}",
            TaskArn = taskArn,
            Name = definition.Name,
            Image = definition.Image,
            LastStatus = TaskLifecycle.Pending,
            HealthStatus = "UNKNOWN",
            NetworkInterfaces = [],
            NetworkBindings = [],
            Cpu = Text(containerOverride?.Cpu ?? definition.Cpu),
            Memory = Text(containerOverride?.Memory ?? definition.Memory),
            MemoryReservation = Text(containerOverride?.MemoryReservation ?? definition.MemoryReservation),
        };
    }

    private static Attachment NetworkInterface(NetworkConfiguration network) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Type = "ElasticNetworkInterface",
        Status = "PRECREATED",
        Details = [new EcsKeyValuePair { Name = "subnetId", Value = network.AwsvpcConfiguration!.Subnets![0] }],
    };

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
