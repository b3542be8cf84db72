using System.Globalization;
using k8s.Models;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// ECS cpu and memory as Kubernetes requests and limits. Container <c>cpu</c> (1024 units = one core)
/// is a request; the task's <c>cpu</c> caps every container. Container <c>memory</c> is a hard limit,
/// <c>memoryReservation</c> a request; without them a container gets the task's memory as its limit
/// and an even share of it as its request. Overrides replace the values they name.
/// </summary>
public static class ContainerResources
{
    public static V1ResourceRequirements? For(ContainerDefinition container, ContainerOverride? overrides, EcsTask task, int containerCount)
    {
        var cpu = overrides?.Cpu ?? container.Cpu;
        var memory = overrides?.Memory ?? container.Memory;
        var reservation = overrides?.MemoryReservation ?? container.MemoryReservation;
        var taskCpu = Units(task.Cpu);
        var taskMemory = Units(task.Memory);

        var requests = new Dictionary<string, ResourceQuantity>();
        var limits = new Dictionary<string, ResourceQuantity>();
        if (cpu is > 0)
        {
            requests["cpu"] = Millicores(cpu.Value);
        }
        else if (taskCpu is > 0)
        {
            requests["cpu"] = Millicores(taskCpu.Value / containerCount);
        }

        if (taskCpu is > 0)
        {
            limits["cpu"] = Millicores(taskCpu.Value);
        }

        if (memory is > 0)
        {
            limits["memory"] = Mebibytes(memory.Value);
            requests["memory"] = Mebibytes(reservation is > 0 ? Math.Min(reservation.Value, memory.Value) : memory.Value);
        }
        else if (reservation is > 0)
        {
            requests["memory"] = Mebibytes(reservation.Value);
            if (taskMemory is > 0)
            {
                limits["memory"] = Mebibytes(taskMemory.Value);
            }
        }
        else if (taskMemory is > 0)
        {
            limits["memory"] = Mebibytes(taskMemory.Value);
            requests["memory"] = Mebibytes(taskMemory.Value / containerCount);
        }

        return requests.Count + limits.Count == 0
            ? null
            : new V1ResourceRequirements { Requests = requests.Count > 0 ? requests : null, Limits = limits.Count > 0 ? limits : null };
    }

    private static int? Units(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var units) ? units : null;

    private static ResourceQuantity Millicores(int units) =>
        new($"{Math.Max(1, (int)Math.Ceiling(units * 1000 / 1024.0)).ToString(CultureInfo.InvariantCulture)}m");

    private static ResourceQuantity Mebibytes(int mebibytes) => new($"{mebibytes.ToString(CultureInfo.InvariantCulture)}Mi");
}
