using System.Text.RegularExpressions;
using Kecs.Ecs.Model;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>
/// Turns a RegisterTaskDefinition request into the stored revision: validated with ECS's messages,
/// every given field kept as given, and only the defaults ECS itself adds filled in.
/// </summary>
public static partial class TaskDefinitionRegistration
{
    private static readonly string[] NetworkModes = ["bridge", "host", "awsvpc", "none"];
    private static readonly string[] Compatibilities = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
    private static readonly string[] PidAndIpcModes = ["host", "task", "none"];
    private static readonly string[] Protocols = ["tcp", "udp"];
    private static readonly string[] DependencyConditions = ["START", "COMPLETE", "SUCCESS", "HEALTHY"];
    private static readonly string[] LogDrivers = ["json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens"];

    /// <summary>The revision to store, without its ARN, revision number and registration time.</summary>
    public static TaskDefinition Build(RegisterTaskDefinitionRequest request)
    {
        var family = Required.Value(request.Family, "family");
        if (!TaskDefinitionReference.IsValidFamily(family))
        {
            throw EcsException.Client(
                $"Family '{family}' is not valid. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.");
        }

        // Every request member except tags has the same name and shape in TaskDefinition.
        var definition = Documents.Convert(request, EcsOperations.RegisterTaskDefinition.Request, EcsJsonContext.Default.TaskDefinition);
        definition.Cpu = TaskSize.Cpu(request.Cpu);
        definition.Memory = TaskSize.Memory(request.Memory);
        OneOf(definition.NetworkMode, NetworkModes, "networkMode");
        OneOf(definition.PidMode, ["host", "task"], "pidMode");
        OneOf(definition.IpcMode, PidAndIpcModes, "ipcMode");
        foreach (var compatibility in definition.RequiresCompatibilities ?? [])
        {
            OneOf(compatibility, Compatibilities, "requiresCompatibilities");
        }

        var containers = definition.ContainerDefinitions is { Count: > 0 } list
            ? list
            : throw EcsException.Client("Container list cannot be empty.");
        foreach (var container in containers)
        {
            ValidateContainer(container, definition);
            AddContainerDefaults(container, definition.NetworkMode);
        }

        ValidateContainerSet(containers);
        if (definition.RequiresCompatibilities?.Contains("FARGATE") == true)
        {
            ValidateFargate(definition);
        }

        foreach (var constraint in definition.PlacementConstraints ?? [])
        {
            OneOf(constraint.Type ?? "", ["memberOf"], "placement constraint type");
            ClusterQuery.Parse(Required.Value(constraint.Expression, "placementConstraints.expression"));
        }

        definition.Volumes ??= [];
        definition.PlacementConstraints ??= [];
        definition.Compatibilities = CompatibilitiesOf(definition);
        return definition;
    }

    private static void ValidateContainer(ContainerDefinition container, TaskDefinition definition)
    {
        if (string.IsNullOrEmpty(container.Name))
        {
            throw EcsException.Client("Container.name should not be null or empty.");
        }

        if (!ContainerName().IsMatch(container.Name))
        {
            throw EcsException.Client(
                $"Container name '{container.Name}' is not valid. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.");
        }

        if (string.IsNullOrEmpty(container.Image))
        {
            throw EcsException.Client("Container.image should not be null or empty.");
        }

        if (definition.Memory is null && container.Memory is null && container.MemoryReservation is null
            && definition.RequiresCompatibilities?.Contains("FARGATE") != true)
        {
            throw EcsException.Client(
                $"Invalid setting for container '{container.Name}'. At least one of 'memory' or 'memoryReservation' must be specified.");
        }

        if (container.Memory is { } memory && container.MemoryReservation is { } reservation && reservation > memory)
        {
            throw EcsException.Client(
                $"Invalid setting for container '{container.Name}'. 'memoryReservation' ({reservation}) must be less than or equal to 'memory' ({memory}).");
        }

        if (container.Memory is < 6 || container.MemoryReservation is < 6)
        {
            throw EcsException.Client($"Invalid setting for container '{container.Name}'. The minimum memory for a container is 6 MiB.");
        }

        if (container.Cpu is < 0)
        {
            throw EcsException.Client($"Invalid setting for container '{container.Name}'. 'cpu' must not be negative.");
        }

        foreach (var mapping in container.PortMappings ?? [])
        {
            ValidatePortMapping(container.Name, mapping, definition.NetworkMode);
        }

        foreach (var dependency in container.DependsOn ?? [])
        {
            OneOf(dependency.Condition, DependencyConditions, $"dependsOn condition of container '{container.Name}'");
        }

        OneOf(container.LogConfiguration?.LogDriver, LogDrivers, $"logDriver of container '{container.Name}'");
        if (container.LogConfiguration is { LogDriver: null })
        {
            throw EcsException.Client($"Invalid setting for container '{container.Name}'. logConfiguration needs a logDriver.");
        }

        if (container.Links is { Count: > 0 } && definition.NetworkMode is not (null or "bridge"))
        {
            throw EcsException.Client($"Invalid setting for container '{container.Name}'. Links are only supported with the bridge network mode.");
        }
    }

    private static void ValidatePortMapping(string container, PortMapping mapping, string? networkMode)
    {
        OneOf(mapping.Protocol, Protocols, $"protocol of a port mapping of container '{container}'");
        if (mapping.ContainerPort is < 0 or > 65535 || mapping.HostPort is < 0 or > 65535)
        {
            throw EcsException.Client($"Invalid port mapping for container '{container}'. Ports must be between 0 and 65535.");
        }

        if (mapping.ContainerPort is null && mapping.ContainerPortRange is null)
        {
            throw EcsException.Client($"Invalid port mapping for container '{container}'. Give a containerPort or a containerPortRange.");
        }

        if (networkMode is "awsvpc" or "host" && mapping.HostPort is { } host && mapping.ContainerPort is { } port && host != port)
        {
            throw EcsException.Client(
                $"When networkMode={networkMode}, the host ports and container ports in port mappings must match (container '{container}': {host} and {port}).");
        }
    }

    private static void AddContainerDefaults(ContainerDefinition container, string? networkMode)
    {
        container.Cpu ??= 0;
        container.Essential ??= true;
        container.Environment ??= [];
        container.MountPoints ??= [];
        container.PortMappings ??= [];
        container.VolumesFrom ??= [];
        container.SystemControls ??= [];
        foreach (var mapping in container.PortMappings)
        {
            mapping.Protocol ??= "tcp";
            if (networkMode is "awsvpc" or "host" && mapping.ContainerPort is { } port)
            {
                mapping.HostPort ??= port;
            }
        }
    }

    private static void ValidateContainerSet(List<ContainerDefinition> containers)
    {
        var duplicate = containers.GroupBy(c => c.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw EcsException.Client($"Container names must be unique within a task definition; '{duplicate.Key}' is used more than once.");
        }

        if (!containers.Any(c => c.Essential == true))
        {
            throw EcsException.Client("A task definition must have at least one essential container.");
        }

        foreach (var container in containers)
        {
            foreach (var name in (container.DependsOn ?? []).Select(d => d.ContainerName)
                         .Concat((container.VolumesFrom ?? []).Select(v => v.SourceContainer)))
            {
                if (containers.All(c => c.Name != name))
                {
                    throw EcsException.Client(
                        $"Invalid setting for container '{container.Name}'. It refers to container '{name}', which is not in this task definition.");
                }
            }
        }
    }

    private static void ValidateFargate(TaskDefinition definition)
    {
        if (definition.NetworkMode != "awsvpc")
        {
            throw EcsException.Client("Fargate only supports network mode 'awsvpc'.");
        }

        var cpu = definition.Cpu ?? throw EcsException.Client("Fargate requires that 'cpu' be defined at the task level.");
        var memory = definition.Memory ?? throw EcsException.Client("Fargate requires that 'memory' be defined at the task level.");
        if (!TaskSize.IsFargateSize(cpu, memory))
        {
            throw EcsException.Client(
                $"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See the Amazon ECS documentation for the valid task sizes.");
        }
    }

    // ECS lists every launch type a definition is valid for: EXTERNAL (ECS Anywhere) does not run awsvpc,
    // and FARGATE needs awsvpc with a Fargate task size.
    private static List<string> CompatibilitiesOf(TaskDefinition definition)
    {
        var fitsFargate = definition.NetworkMode == "awsvpc" && definition.Cpu is { } cpu && definition.Memory is { } memory
                          && TaskSize.IsFargateSize(cpu, memory);
        return definition.NetworkMode == "awsvpc"
            ? fitsFargate ? ["EC2", "FARGATE"] : ["EC2"]
            : ["EXTERNAL", "EC2"];
    }

    private static void OneOf(string? value, string[] allowed, string member)
    {
        if (value is not null && !allowed.Contains(value))
        {
            throw EcsException.Client($"'{value}' is not a valid {member}. Valid values: {string.Join(", ", allowed)}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ContainerName();
}
