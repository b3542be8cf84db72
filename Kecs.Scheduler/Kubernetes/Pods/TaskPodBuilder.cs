using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using Kecs.Ecs;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// The pod of one ECS task: restartPolicy Never, named from the task id, labelled and annotated so
/// that the pod alone says which task it runs and how to read its status back as ECS status.
/// </summary>
public static partial class TaskPodBuilder
{
    public const int DefaultStopTimeout = 30;

    /// <summary>
    /// Node taints a DaemonSet's pods tolerate, so a daemon's task runs on its node while the node is cordoned (drained)
    /// or not ready, as ECS keeps a daemon on a draining instance.
    /// </summary>
    private static readonly (string Key, string Effect)[] DaemonTolerations =
    [
        ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];

    /// <param name="nodeName">The node the task was placed on (its container instance), or null to let Kubernetes choose.</param>
    /// <param name="secrets">What the task read from the AWS companion, or null to read secrets from Kubernetes Secrets by name.</param>
    public static V1Pod Build(DesiredTask desired, string? nodeName = null, TaskSecrets? secrets = null)
    {
        var task = desired.Task;
        var definition = desired.Definition;
        var containers = definition.ContainerDefinitions!;
        var roles = containers.ToDictionary(c => c.Name!, c => StartOrder.RoleOf(c, definition));
        var initContainers = StartOrder.InitContainers(definition);
        (TaskSecrets, string)? podSecrets = secrets is null ? null : (secrets, TaskSecretObjects.ValuesName(desired));

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = KubeNames.Pod(desired.Id),
                NamespaceProperty = KubeNames.Namespace(desired.ClusterName, desired.Region),
                Labels = Labels(desired),
                Annotations = Annotations(desired),
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                NodeName = nodeName,
                Tolerations = desired.DaemonArn is null
                    ? null
                    : DaemonTolerations.Select(t => new V1Toleration { Key = t.Key, OperatorProperty = "Exists", Effect = t.Effect }).ToList(),
                EnableServiceLinks = false,
                AutomountServiceAccountToken = false,
                TerminationGracePeriodSeconds = containers.Max(c => c.StopTimeout ?? DefaultStopTimeout),
                InitContainers = initContainers.Count > 0
                    ? initContainers.Select(c => ContainerBuilder.Build(c, roles[c.Name!], task, definition, podSecrets)).ToList()
                    : null,
                Containers = containers.Where(c => roles[c.Name!] == ContainerRole.App)
                    .Select(c => ContainerBuilder.Build(c, ContainerRole.App, task, definition, podSecrets)).ToList(),
                ImagePullSecrets = secrets?.DockerConfigJson is null
                    ? null
                    : [new V1LocalObjectReference { Name = TaskSecretObjects.RegistryName(desired) }],
                Volumes = TaskVolumes.For(definition),
                HostNetwork = definition.NetworkMode == "host" ? true : null,
                HostPID = definition.PidMode == "host" ? true : null,
                HostIPC = definition.IpcMode == "host" ? true : null,
                ShareProcessNamespace = definition.PidMode == "task" || containers.Any(c => c.LinuxParameters?.InitProcessEnabled is true) ? true : null,
                Hostname = containers.Select(c => c.Hostname).FirstOrDefault(h => h is { Length: > 0 }) is { } hostname
                    ? KubeNames.Dns1123Label(hostname.Split('.')[0])
                    : null,
                HostAliases = HostAliases(desired),
                DnsPolicy = containers.Any(c => c.DnsServers is { Count: > 0 }) ? "None" : null,
                DnsConfig = DnsConfig(desired),
            },
        };
    }

    private static Dictionary<string, string> Labels(DesiredTask desired)
    {
        var labels = new Dictionary<string, string>
        {
            [KubeLabels.ManagedBy] = KubeLabels.ManagedByKecs,
            [KubeLabels.Cluster] = KubeNames.LabelValue(desired.ClusterName),
            [KubeLabels.Region] = desired.Region,
            [KubeLabels.TaskId] = desired.Id,
            [KubeLabels.Family] = KubeNames.LabelValue(desired.Definition.Family!),
            [KubeLabels.Revision] = (desired.Definition.Revision ?? 0).ToString(CultureInfo.InvariantCulture),
        };
        if (EcsArn.Parse(desired.ServiceArn) is { } service)
        {
            labels[KubeLabels.Service] = KubeNames.LabelValue(service.Segments[^1]);
        }

        return labels;
    }

    private static Dictionary<string, string> Annotations(DesiredTask desired)
    {
        var containers = desired.Definition.ContainerDefinitions!;
        var annotations = new Dictionary<string, string>();
        foreach (var (key, value) in containers.SelectMany(c => c.DockerLabels ?? []))
        {
            if (QualifiedNamePattern().IsMatch(key))
            {
                annotations[key] = value;
            }
        }

        annotations[KubeLabels.TaskArnAnnotation] = desired.Arn;
        annotations[KubeLabels.TaskDefinitionArnAnnotation] = desired.Definition.TaskDefinitionArn ?? "";
        annotations[KubeLabels.ClusterArnAnnotation] = desired.Task.ClusterArn!;
        annotations[KubeLabels.NetworkModeAnnotation] = desired.Definition.NetworkMode ?? "bridge";
        annotations[KubeLabels.ContainersAnnotation] = JsonSerializer.Serialize(containers.Select(c => c.Name).ToArray());
        annotations[KubeLabels.EssentialAnnotation] =
            JsonSerializer.Serialize(containers.Where(c => c.Essential is not false).Select(c => c.Name).ToArray());
        annotations[KubeLabels.HealthChecksAnnotation] = JsonSerializer.Serialize(containers
            .Where(c => HealthCheckProbe.For(c.HealthCheck) is not null)
            .ToDictionary(c => c.Name!, c => HealthCheckProbe.GraceSeconds(c.HealthCheck!)));
        if (desired.Task.Attachments is { Count: > 0 } attachments)
        {
            annotations[KubeLabels.AttachmentsAnnotation] = JsonSerializer.Serialize(attachments, Kecs.Ecs.Internal.InternalJsonContext.Default.ListAttachment);
        }

        if (desired.TraceParent is { } traceParent)
        {
            annotations[KubeLabels.TraceParentAnnotation] = traceParent;
        }

        return annotations;
    }

    private static List<V1HostAlias>? HostAliases(DesiredTask desired)
    {
        var aliases = desired.Definition.ContainerDefinitions!
            .SelectMany(c => c.ExtraHosts ?? [])
            .Where(h => h.IpAddress is not null && h.Hostname is not null)
            .GroupBy(h => h.IpAddress!)
            .Select(g => new V1HostAlias { Ip = g.Key, Hostnames = g.Select(h => h.Hostname!).Distinct().ToList() })
            .ToList();
        return aliases.Count > 0 ? aliases : null;
    }

    private static V1PodDNSConfig? DnsConfig(DesiredTask desired)
    {
        var containers = desired.Definition.ContainerDefinitions!;
        var servers = containers.SelectMany(c => c.DnsServers ?? []).Distinct().ToList();
        var searches = containers.SelectMany(c => c.DnsSearchDomains ?? []).Distinct().ToList();
        return servers.Count + searches.Count == 0
            ? null
            : new V1PodDNSConfig { Nameservers = servers.Count > 0 ? servers : null, Searches = searches.Count > 0 ? searches : null };
    }

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePattern();
}
