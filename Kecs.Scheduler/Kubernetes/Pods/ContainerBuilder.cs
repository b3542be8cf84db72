using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Companion;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>One ECS container definition, with the task's overrides, as a Kubernetes container.</summary>
public static partial class ContainerBuilder
{
    /// <param name="secrets">What the task read from the AWS companion, and the name of the Secret that holds it; null to read secrets by name.</param>
    public static V1Container Build(
        ContainerDefinition container, ContainerRole role, EcsTask task, TaskDefinition definition, (TaskSecrets Values, string SecretName)? secrets = null)
    {
        var overrides = task.Overrides?.ContainerOverrides?.FirstOrDefault(o => o.Name == container.Name);
        var probe = HealthCheckProbe.For(container.HealthCheck);
        var hostNetwork = definition.NetworkMode == "host";
        return new V1Container
        {
            Name = KubeNames.Container(container.Name!),
            Image = container.Image,
            ImagePullPolicy = "IfNotPresent",
            // ECS entryPoint is the image's ENTRYPOINT (Kubernetes command); ECS command is its CMD (Kubernetes args).
            Command = container.EntryPoint is { Count: > 0 } entryPoint ? entryPoint : null,
            Args = overrides?.Command is { Count: > 0 } commandOverride ? commandOverride
                : container.Command is { Count: > 0 } command ? command : null,
            Env = Environment(container, overrides, secrets),
            Ports = container.PortMappings?.Where(p => p.ContainerPort is > 0).Select(p => new V1ContainerPort
            {
                ContainerPort = p.ContainerPort!.Value,
                HostPort = hostNetwork ? p.ContainerPort : null,
                Protocol = (p.Protocol ?? "tcp").ToUpperInvariant(),
                Name = p.Name is { } name && PortNamePattern().IsMatch(name) ? name : null,
            }).ToList(),
            Resources = ContainerResources.For(container, overrides, task, definition.ContainerDefinitions!.Count),
            ReadinessProbe = probe,
            StartupProbe = role == ContainerRole.Sidecar ? probe : null,
            RestartPolicy = role == ContainerRole.Sidecar ? "Always" : null,
            WorkingDir = container.WorkingDirectory,
            SecurityContext = SecurityContext(container),
            VolumeMounts = VolumeMounts(container, definition),
        };
    }

    private static List<V1EnvVar>? Environment(ContainerDefinition container, ContainerOverride? overrides, (TaskSecrets Values, string SecretName)? secrets)
    {
        var values = (container.Environment ?? []).Where(e => e.Name is not null).Select(e => (e.Name!, e.Value ?? "")).ToList();
        foreach (var given in overrides?.Environment ?? [])
        {
            var index = values.FindIndex(v => v.Item1 == given.Name);
            if (index >= 0)
            {
                values[index] = (given.Name!, given.Value ?? "");
            }
            else if (given.Name is not null)
            {
                values.Add((given.Name, given.Value ?? ""));
            }
        }

        var env = values.Select(v => new V1EnvVar { Name = v.Item1, Value = v.Item2 }).ToList();
        if (secrets is var (read, secretName))
        {
            // Environment files give way to the environment; secrets are always their own.
            var declaredSecrets = (container.Secrets ?? []).Select(s => s.Name).ToHashSet();
            env.AddRange(read.EnvironmentOf(container.Name!)
                .Where(variable => declaredSecrets.Contains(variable.Name) || values.All(v => v.Item1 != variable.Name))
                .Select(variable => SecretVariable(variable.Name, secretName, variable.Key)));
            return env.Count > 0 ? env : null;
        }

        foreach (var secret in container.Secrets ?? [])
        {
            var reference = SecretReference.For(secret.ValueFrom!);
            env.Add(SecretVariable(secret.Name!, reference.SecretName, reference.Key));
        }

        return env.Count > 0 ? env : null;
    }

    private static V1EnvVar SecretVariable(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    private static V1SecurityContext? SecurityContext(ContainerDefinition container)
    {
        var (user, group) = NumericUser(container.User);
        var capabilities = container.LinuxParameters?.Capabilities;
        if (user is null && container.Privileged is not true && container.ReadonlyRootFilesystem is not true && capabilities is null)
        {
            return null;
        }

        return new V1SecurityContext
        {
            RunAsUser = user,
            RunAsGroup = group,
            Privileged = container.Privileged is true ? true : null,
            ReadOnlyRootFilesystem = container.ReadonlyRootFilesystem is true ? true : null,
            Capabilities = capabilities is null ? null : new V1Capabilities { Add = capabilities.Add, Drop = capabilities.Drop },
        };
    }

    /// <summary>ECS <c>user</c> as uid and gid; Kubernetes only takes numbers, so a user name is left to the image.</summary>
    private static (long? User, long? Group) NumericUser(string? user)
    {
        var parts = user?.Split(':');
        if (parts is null || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            return (null, null);
        }

        return parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? (uid, gid) : (uid, null);
    }

    private static List<V1VolumeMount>? VolumeMounts(ContainerDefinition container, TaskDefinition definition)
    {
        var mounts = Mounts(container, readOnlyOverride: null);
        foreach (var from in container.VolumesFrom ?? [])
        {
            if (definition.ContainerDefinitions!.FirstOrDefault(c => c.Name == from.SourceContainer) is { } source)
            {
                mounts.AddRange(Mounts(source, from.ReadOnly).Where(m => mounts.All(existing => existing.MountPath != m.MountPath)));
            }
        }

        if (container.LinuxParameters?.SharedMemorySize is > 0)
        {
            mounts.Add(new V1VolumeMount { Name = TaskVolumes.SharedMemoryVolume(container), MountPath = "/dev/shm" });
        }

        foreach (var (tmpfs, index) in (container.LinuxParameters?.Tmpfs ?? []).Select((t, i) => (t, i)))
        {
            mounts.Add(new V1VolumeMount { Name = TaskVolumes.TmpfsVolume(container, index), MountPath = tmpfs.ContainerPath });
        }

        return mounts.Count > 0 ? mounts : null;
    }

    private static List<V1VolumeMount> Mounts(ContainerDefinition container, bool? readOnlyOverride) =>
        (container.MountPoints ?? [])
        .Where(m => m.SourceVolume is not null && m.ContainerPath is not null)
        .Select(m => new V1VolumeMount
        {
            Name = KubeNames.Volume(m.SourceVolume!),
            MountPath = m.ContainerPath,
            ReadOnlyProperty = (readOnlyOverride ?? m.ReadOnly) is true ? true : null,
        })
        .ToList();

    [GeneratedRegex("^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$")]
    private static partial Regex PortNamePattern();
}
