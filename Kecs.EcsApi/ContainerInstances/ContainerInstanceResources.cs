using Kecs.Ecs.Model;
using Kecs.EcsApi.Attributes;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>What an instance identity document says about the host, when one was given.</summary>
public sealed record InstanceIdentity(string? InstanceId, string? InstanceType, string? AvailabilityZone);

/// <summary>
/// A registering instance's resources and attributes as the ECS agent reports them: CPU (1 vCPU = 1024 units) and
/// MEMORY (MiB) as integers, PORTS and PORTS_UDP as string sets, and the <c>ecs.*</c> attributes of its host beside
/// the ones given.
/// </summary>
public static class ContainerInstanceResources
{
    private static readonly string[] Names = ["CPU", "MEMORY", "PORTS", "PORTS_UDP"];

    public static List<Resource> Registered(List<Resource>? given)
    {
        foreach (var resource in given ?? [])
        {
            if (!Names.Contains(resource.Name))
            {
                throw EcsException.InvalidParameter($"'{resource.Name}' is not a resource a container instance registers. Valid names: {string.Join(", ", Names)}.");
            }

            if (resource.Name is "CPU" or "MEMORY" && resource.IntegerValue is not > 0)
            {
                throw EcsException.InvalidParameter($"The {resource.Name} resource needs a positive integerValue.");
            }
        }

        Resource Of(string name, int integer, List<string> set) => given?.FirstOrDefault(r => r.Name == name) is { } found
            ? new Resource { Name = name, Type = name is "CPU" or "MEMORY" ? "INTEGER" : "STRINGSET", IntegerValue = found.IntegerValue ?? 0,
                DoubleValue = 0, LongValue = 0, StringSetValue = found.StringSetValue }
            : new Resource { Name = name, Type = name is "CPU" or "MEMORY" ? "INTEGER" : "STRINGSET", IntegerValue = integer,
                DoubleValue = 0, LongValue = 0, StringSetValue = name is "CPU" or "MEMORY" ? null : set };

        return
        [
            Of("CPU", 2048, []),
            Of("MEMORY", 3904, []),
            Of("PORTS", 0, ["22", "2375", "2376", "51678", "51679"]),
            Of("PORTS_UDP", 0, []),
        ];
    }

    public static List<EcsAttribute> Attributes(List<EcsAttribute>? given, InstanceIdentity identity, string region)
    {
        var host = new List<EcsAttribute>
        {
            new() { Name = "ecs.os-type", Value = "linux" },
            new() { Name = "ecs.os-family", Value = "LINUX" },
            new() { Name = "ecs.cpu-architecture", Value = "x86_64" },
            new() { Name = "ecs.availability-zone", Value = identity.AvailabilityZone ?? region + "a" },
            new() { Name = "ecs.instance-type", Value = identity.InstanceType ?? "kecs.virtual" },
            new() { Name = "ecs.capability.task-eni" },
            new() { Name = "com.amazonaws.ecs.capability.docker-remote-api.1.44" },
        };
        foreach (var attribute in given ?? [])
        {
            AttributeValidation.Check(attribute);
        }

        var custom = (given ?? []).Select(attribute => new EcsAttribute { Name = attribute.Name, Value = attribute.Value });
        return host.Where(attribute => given?.Any(g => g.Name == attribute.Name) != true).Concat(custom).ToList();
    }
}
