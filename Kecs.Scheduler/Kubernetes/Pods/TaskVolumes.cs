using k8s.Models;
using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// ECS task volumes as pod volumes: a host <c>sourcePath</c> is a hostPath; a Docker volume, a
/// volume without host path, and the storage Kubernetes here cannot reach (EFS, FSx, S3 Files) are
/// emptyDirs. Shared memory and tmpfs mounts are memory-backed emptyDirs.
/// </summary>
public static class TaskVolumes
{
    public static List<V1Volume>? For(TaskDefinition definition)
    {
        var volumes = (definition.Volumes ?? []).Where(v => v.Name is not null).Select(v => new V1Volume
        {
            Name = KubeNames.Volume(v.Name!),
            HostPath = v.Host?.SourcePath is { Length: > 0 } path ? new V1HostPathVolumeSource { Path = path, Type = "DirectoryOrCreate" } : null,
            EmptyDir = v.Host?.SourcePath is { Length: > 0 } ? null : new V1EmptyDirVolumeSource(),
        }).ToList();

        foreach (var container in definition.ContainerDefinitions!)
        {
            if (container.LinuxParameters?.SharedMemorySize is > 0 and var size)
            {
                volumes.Add(MemoryVolume(SharedMemoryVolume(container), size));
            }

            foreach (var (tmpfs, index) in (container.LinuxParameters?.Tmpfs ?? []).Select((t, i) => (t, i)))
            {
                volumes.Add(MemoryVolume(TmpfsVolume(container, index), tmpfs.Size));
            }
        }

        return volumes.Count > 0 ? volumes : null;
    }

    public static string SharedMemoryVolume(ContainerDefinition container) => KubeNames.Dns1123Label($"kecs-shm-{container.Name}");

    public static string TmpfsVolume(ContainerDefinition container, int index) => KubeNames.Dns1123Label($"kecs-tmpfs-{index}-{container.Name}");

    private static V1Volume MemoryVolume(string name, int? mebibytes) => new()
    {
        Name = name,
        EmptyDir = new V1EmptyDirVolumeSource
        {
            Medium = "Memory",
            SizeLimit = mebibytes is > 0 ? new ResourceQuantity($"{mebibytes}Mi") : null,
        },
    };
}
