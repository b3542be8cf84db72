using System.Text.Json;
using k8s.Models;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Runtime;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// The one mapping from a task's pod to ECS task and container status. It reads only the pod (its
/// status, and the annotations Kecs wrote when it created it) and the time, so it is a pure function.
/// </summary>
public static class PodStatusMapper
{
    private static readonly HashSet<string> PullFailures = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"];
    private static readonly HashSet<string> StartFailures = ["CreateContainerConfigError", "CreateContainerError", "RunContainerError"];

    /// <param name="pod">The pod as last seen.</param>
    /// <param name="deleted">True when the pod no longer exists.</param>
    /// <param name="now">The time of the observation, for health grace periods and the stop time of a deleted pod.</param>
    public static PodVerdict Map(V1Pod pod, bool deleted, DateTimeOffset now)
    {
        var annotations = pod.Metadata.Annotations ?? new Dictionary<string, string>();
        var names = Read<string[]>(annotations, KubeLabels.ContainersAnnotation) ?? [];
        var essential = Read<string[]>(annotations, KubeLabels.EssentialAnnotation) ?? names;
        var healthGrace = Read<Dictionary<string, int>>(annotations, KubeLabels.HealthChecksAnnotation) ?? [];
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? [])
            .ToDictionary(s => s.Name, s => s);
        var containers = names
            .Select(name => (Name: name, Status: statuses.GetValueOrDefault(KubeNames.Container(name))))
            .ToList();

        var observation = new TaskObservation
        {
            TaskArn = annotations.TryGetValue(KubeLabels.TaskArnAnnotation, out var taskArn) ? taskArn : "",
            Containers = containers.Select(c => Container(c.Name, c.Status, pod, healthGrace, now)).ToList(),
        };
        var started = containers.Select(c => Started(c.Status)).Where(t => t is not null).Min();
        var finished = containers.Select(c => c.Status?.State?.Terminated?.FinishedAt).Where(t => t is not null).ToList();
        var scheduledAt = pod.Status?.Conditions?.FirstOrDefault(c => c is { Type: "PodScheduled", Status: "True" })?.LastTransitionTime;
        var pulling = scheduledAt ?? pod.Metadata.CreationTimestamp;
        observation.PullStartedAt = scheduledAt is null && started is null ? null : Time(pulling);
        observation.PullStoppedAt = Time(started);

        var essentialExit = containers.FirstOrDefault(c => essential.Contains(c.Name) && c.Status?.State?.Terminated is not null);
        var pullFailure = containers.FirstOrDefault(c => c.Status?.State?.Waiting?.Reason is { } reason && PullFailures.Contains(reason));
        var startFailure = containers.FirstOrDefault(c => c.Status?.State?.Waiting?.Reason is { } reason && StartFailures.Contains(reason));
        var evicted = pod.Status?.Reason == "Evicted";
        var allDone = containers.Count > 0 && containers.All(c => c.Status?.State?.Terminated is not null || Started(c.Status) is null)
                      && pod.Status?.Phase is "Succeeded" or "Failed";

        string status;
        var stopPod = false;
        if (deleted || allDone)
        {
            status = TaskLifecycle.Stopped;
        }
        else if (pod.Metadata.DeletionTimestamp is not null || evicted)
        {
            status = containers.Any(c => c.Status?.State?.Running is not null) ? TaskLifecycle.Stopping : TaskLifecycle.Deprovisioning;
        }
        else if (essentialExit.Status is not null || pullFailure.Status is not null || startFailure.Status is not null)
        {
            status = TaskLifecycle.Stopping;
            stopPod = true;
        }
        else
        {
            status = pod.Status?.Phase switch
            {
                "Running" when containers.Where(c => essential.Contains(c.Name)).All(c => c.Status?.State?.Running is not null) => TaskLifecycle.Running,
                "Running" => TaskLifecycle.Activating,
                _ when scheduledAt is null => TaskLifecycle.Provisioning,
                _ => TaskLifecycle.Pending,
            };
        }

        observation.LastStatus = status;
        if (TaskLifecycle.Order(status) >= TaskLifecycle.Order(TaskLifecycle.Running) && started is not null)
        {
            observation.StartedAt = Time(containers.Where(c => essential.Contains(c.Name)).Select(c => Started(c.Status)).Max() ?? started);
            observation.Connectivity = "CONNECTED";
            observation.ConnectivityAt = Time(pulling);
        }

        (observation.StopCode, observation.StoppedReason) = StopCause(pod, evicted, essentialExit, pullFailure, startFailure, started is not null);
        if (TaskLifecycle.Order(status) >= TaskLifecycle.Order(TaskLifecycle.Stopping))
        {
            observation.StoppingAt = Time(pod.Metadata.DeletionTimestamp) ?? Time(essentialExit.Status?.State?.Terminated?.FinishedAt) ?? now;
        }

        if (status == TaskLifecycle.Stopped)
        {
            observation.ExecutionStoppedAt = finished.Count > 0 ? Time(finished.Max()) : now;
            observation.StoppedAt = deleted ? now : observation.ExecutionStoppedAt;
        }

        observation.HealthStatus = TaskHealth(observation.Containers.Where(c => essential.Contains(c.Name)).ToList(), healthGrace);
        if (pod.Status?.PodIP is { Length: > 0 } podIp && Read<List<Attachment>>(annotations, KubeLabels.AttachmentsAnnotation) is { } attachments)
        {
            observation.Attachments = NetworkAttachments.Attached(attachments, podIp);
        }

        observation.Attributes = [new EcsAttribute { Name = RuntimeDescription.AttributeName, Value = RuntimeDescription.Kubernetes }];
        return new PodVerdict(observation, stopPod);
    }

    private static (string? Code, string? Reason) StopCause(
        V1Pod pod, bool evicted, (string Name, V1ContainerStatus? Status) essentialExit,
        (string Name, V1ContainerStatus? Status) pullFailure, (string Name, V1ContainerStatus? Status) startFailure, bool anyStarted)
    {
        if (evicted)
        {
            return (StopCodes.TerminationNotice, $"Task stopped because Kubernetes evicted its pod: {pod.Status?.Message}".TrimEnd(' ', ':'));
        }

        if (pullFailure.Status is { } pull)
        {
            return (StopCodes.TaskFailedToStart, StopReasons.CannotPullContainer(
                $"pull image manifest failed for {pull.Image}: {pull.State.Waiting.Reason}: {pull.State.Waiting.Message}".TrimEnd(' ', ':')));
        }

        if (startFailure.Status is { } start)
        {
            return (StopCodes.TaskFailedToStart,
                $"CannotStartContainerError: container {startFailure.Name}: {start.State.Waiting.Reason}: {start.State.Waiting.Message}".TrimEnd(' ', ':'));
        }

        if (essentialExit.Status?.State?.Terminated is { } terminated)
        {
            var why = terminated.Reason == "OOMKilled" ? "OutOfMemoryError: container killed due to memory usage" : StopReasons.ExitCode(terminated.ExitCode);
            return (anyStarted ? StopCodes.EssentialContainerExited : StopCodes.TaskFailedToStart,
                StopReasons.EssentialContainerExited(essentialExit.Name, why));
        }

        if (pod.Status?.Phase == "Failed")
        {
            var failed = pod.Status.InitContainerStatuses?.FirstOrDefault(s => s.State?.Terminated?.ExitCode is not 0 and not null);
            return (StopCodes.TaskFailedToStart, failed is null
                ? $"Task failed to start: {pod.Status.Reason ?? "pod failed"} {pod.Status.Message}".TrimEnd()
                : $"Task failed to start: container {failed.Name}, which others depend on, exited with code {failed.State.Terminated.ExitCode}");
        }

        return (null, null);
    }

    private static ContainerObservation Container(
        string name, V1ContainerStatus? status, V1Pod pod, Dictionary<string, int> healthGrace, DateTimeOffset now)
    {
        var state = status?.State;
        var container = new ContainerObservation
        {
            Name = name,
            LastStatus = state?.Terminated is not null ? TaskLifecycle.Stopped
                : state?.Running is not null ? TaskLifecycle.Running
                : TaskLifecycle.Pending,
            ExitCode = state?.Terminated?.ExitCode,
            Reason = state?.Terminated?.Reason switch
            {
                "OOMKilled" => "OutOfMemoryError: Container killed due to memory usage",
                null or "Completed" or "Error" => state?.Waiting?.Reason is { } waiting && waiting != "ContainerCreating" && waiting != "PodInitializing"
                    ? $"{waiting}: {state.Waiting.Message}".TrimEnd(' ', ':')
                    : null,
                var other => other,
            },
            RuntimeId = status?.ContainerID is { Length: > 0 } id ? id[(id.IndexOf("://", StringComparison.Ordinal) + 3)..] : null,
            ImageDigest = status?.ImageID is { } imageId && imageId.IndexOf("sha256:", StringComparison.Ordinal) is >= 0 and var at ? imageId[at..] : null,
            HealthStatus = Health(name, status, healthGrace, now),
        };

        if (state?.Running is not null && pod.Status?.PodIP is { Length: > 0 } podIp)
        {
            var annotations = pod.Metadata.Annotations ?? new Dictionary<string, string>();
            if (annotations.TryGetValue(KubeLabels.NetworkModeAnnotation, out var mode) && mode == "awsvpc")
            {
                container.NetworkInterfaces = NetworkAttachments.Interfaces(Read<List<Attachment>>(annotations, KubeLabels.AttachmentsAnnotation), podIp);
            }
            else
            {
                var spec = (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).FirstOrDefault(c => c.Name == status!.Name);
                container.NetworkBindings = spec?.Ports?.Select(p => new NetworkBinding
                {
                    BindIP = podIp, ContainerPort = p.ContainerPort, HostPort = p.HostPort ?? p.ContainerPort, Protocol = p.Protocol?.ToLowerInvariant() ?? "tcp",
                }).ToList();
            }
        }

        return container;
    }

    /// <summary>HEALTHY when its readiness probe passes; UNHEALTHY once it has failed past the start period and retries.</summary>
    private static string Health(string name, V1ContainerStatus? status, Dictionary<string, int> healthGrace, DateTimeOffset now)
    {
        if (!healthGrace.TryGetValue(name, out var grace) || status?.State?.Running is not { } running)
        {
            return "UNKNOWN";
        }

        if (status.Ready)
        {
            return "HEALTHY";
        }

        return running.StartedAt is { } startedAt && Time(startedAt)!.Value.AddSeconds(grace) <= now ? "UNHEALTHY" : "UNKNOWN";
    }

    private static string TaskHealth(List<ContainerObservation> essential, Dictionary<string, int> healthGrace)
    {
        var checkedOnes = essential.Where(c => healthGrace.ContainsKey(c.Name)).ToList();
        return checkedOnes.Count == 0 ? "UNKNOWN"
            : checkedOnes.Any(c => c.HealthStatus == "UNHEALTHY") ? "UNHEALTHY"
            : checkedOnes.All(c => c.HealthStatus == "HEALTHY") ? "HEALTHY"
            : "UNKNOWN";
    }

    private static DateTime? Started(V1ContainerStatus? status) => status?.State?.Running?.StartedAt ?? status?.State?.Terminated?.StartedAt;

    private static DateTimeOffset? Time(DateTime? value) =>
        value is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;

    private static T? Read<T>(IDictionary<string, string> annotations, string key) where T : class
    {
        try
        {
            return annotations.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json, AnnotationJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions AnnotationJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new Kecs.Ecs.Model.EpochSecondsConverter() },
    };
}
