using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Internal;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// The calls an ECS container agent makes: DiscoverPollEndpoint answers the address Kecs was reached at, and the
/// Submit*StateChange calls report the lifecycle of tasks placed on registered container instances, applied as the
/// Scheduler's observations are (the lifecycle only moves forward). Tasks that Kecs itself runs on Kubernetes are
/// observed there, so state changes for them are refused.
/// </summary>
public sealed class AgentOperations(EcsStore store, TimeProvider clock)
{
    private const string Acknowledged = "ACK";
    private static readonly string[] TaskStatuses = [TaskLifecycle.Pending, TaskLifecycle.Running, TaskLifecycle.Stopped];

    public static void Map(EcsOperationRegistry operations) => operations.For<AgentOperations>()
        .Map(EcsOperations.DiscoverPollEndpoint,
            static (_, _, context, _) => Task.FromResult(new DiscoverPollEndpointResponse
            {
                Endpoint = context.Endpoint, TelemetryEndpoint = context.Endpoint, ServiceConnectEndpoint = context.Endpoint,
            }))
        .Map(EcsOperations.SubmitTaskStateChange,
            static async (ops, request, context, ct) =>
            {
                await ops.SubmitAsync(request.Cluster, request.Task, context, (task, now) => TaskChange(request, task, now), ct);
                return new SubmitTaskStateChangeResponse { Acknowledgment = Acknowledged };
            })
        .Map(EcsOperations.SubmitContainerStateChange,
            static async (ops, request, context, ct) =>
            {
                await ops.SubmitAsync(request.Cluster, request.Task, context, (task, _) => new TaskObservation
                {
                    TaskArn = task.TaskArn!,
                    Containers = [Container(task, request.ContainerName, request.Status, request.ExitCode, request.Reason, request.RuntimeId, null,
                        request.NetworkBindings)],
                }, ct);
                return new SubmitContainerStateChangeResponse { Acknowledgment = Acknowledged };
            })
        .Map(EcsOperations.SubmitAttachmentStateChanges,
            static (ops, request, context, ct) => ops.SubmitAttachmentsAsync(request, context, ct));

    private Task<ReportResult> SubmitAsync(
        string? cluster, string? taskValue, EcsRequestContext context, Func<EcsTask, DateTimeOffset, TaskObservation> observe, CancellationToken cancellation) =>
        store.WriteAsync(write =>
        {
            var task = AgentDriven(write.State, cluster, Required.Value(taskValue, "task"), context);
            return ObservationApplier.Apply(write, new ObservedStateReport { Tasks = [observe(task, clock.GetUtcNow())] });
        }, cancellation);

    public async Task<SubmitAttachmentStateChangesResponse> SubmitAttachmentsAsync(
        SubmitAttachmentStateChangesRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var changes = Required.Value(request.Attachments, "attachments");
        await store.WriteAsync(write =>
        {
            var clusterArn = ClusterStore.RequireActive(write.State, request.Cluster, context).ClusterArn!;
            var observations = new List<TaskObservation>();
            foreach (var change in changes)
            {
                var id = Required.Value(change.AttachmentArn, "attachmentArn").Split('/')[^1];
                var task = write.State.TasksByDesiredStatus[RowKey.Of(clusterArn, TaskStore.DesiredRunning)]
                               .Select(arn => TaskStore.Read(write.State.Tasks[arn]))
                               .FirstOrDefault(task => task.Attachments?.Any(attachment => attachment.Id == id) == true)
                           ?? throw EcsException.InvalidParameter($"No running task of the cluster has the attachment {change.AttachmentArn}.");
                RequireRegisteredInstance(write.State, task);
                observations.Add(new TaskObservation { TaskArn = task.TaskArn!, Attachments = Attached(task, [change]) });
            }

            return ObservationApplier.Apply(write, new ObservedStateReport { Tasks = observations });
        }, cancellation);
        return new SubmitAttachmentStateChangesResponse { Acknowledgment = Acknowledged };
    }

    private static TaskObservation TaskChange(SubmitTaskStateChangeRequest request, EcsTask task, DateTimeOffset now)
    {
        var status = request.Status is null ? null : EnumValue.Require(request.Status, TaskStatuses, "status");
        return new TaskObservation
        {
            TaskArn = task.TaskArn!,
            LastStatus = status,
            PullStartedAt = request.PullStartedAt,
            PullStoppedAt = request.PullStoppedAt,
            StartedAt = status == TaskLifecycle.Running ? now : null,
            ExecutionStoppedAt = request.ExecutionStoppedAt,
            StoppedAt = status == TaskLifecycle.Stopped ? request.ExecutionStoppedAt ?? now : null,
            StopCode = status == TaskLifecycle.Stopped ? StopCodes.EssentialContainerExited : null,
            StoppedReason = status == TaskLifecycle.Stopped ? request.Reason ?? "Essential container in task exited" : null,
            Attachments = Attached(task, request.Attachments),
            Containers = (request.Containers ?? []).Select(change => Container(task, change.ContainerName, change.Status, change.ExitCode,
                change.Reason, change.RuntimeId, change.ImageDigest, change.NetworkBindings)).ToList(),
        };
    }

    /// <summary>The task a state change is about, when an agent runs it: it is placed on a registered container instance.</summary>
    private static EcsTask AgentDriven(EcsState state, string? clusterName, string value, EcsRequestContext context)
    {
        var cluster = ClusterStore.RequireActive(state, clusterName, context);
        var task = TaskReference.ArnIn(cluster, value) is { } arn && TaskStore.Find(state, arn) is { } found
            ? found
            : throw EcsException.InvalidParameter($"The task {value} was not found in cluster {cluster.ClusterName}.");
        RequireRegisteredInstance(state, task);
        return task;
    }

    private static void RequireRegisteredInstance(EcsState state, EcsTask task)
    {
        if (task.ContainerInstanceArn is null || ContainerInstanceStore.FindRegistered(state, task.ContainerInstanceArn) is null)
        {
            throw EcsException.Client(
                $"The task {task.TaskArn} runs where Kecs observes it itself; only tasks on registered container instances take state changes from an agent.");
        }
    }

    private static ContainerObservation Container(
        EcsTask task, string? name, string? status, int? exitCode, string? reason, string? runtimeId, string? imageDigest, List<NetworkBinding>? bindings)
    {
        var container = Required.Value(name, "containerName");
        if (task.Containers?.Any(c => c.Name == container) != true)
        {
            throw EcsException.InvalidParameter($"The task {task.TaskArn} has no container named {container}.");
        }

        return new ContainerObservation
        {
            Name = container,
            LastStatus = status is null ? null : EnumValue.Require(status, TaskStatuses, "container status"),
            ExitCode = exitCode,
            Reason = reason,
            RuntimeId = runtimeId,
            ImageDigest = imageDigest,
            NetworkBindings = bindings,
        };
    }

    /// <summary>The task's attachments with the statuses the changes give, or null when none names one of them.</summary>
    private static List<Attachment>? Attached(EcsTask task, List<AttachmentStateChange>? changes)
    {
        if (changes is not { Count: > 0 } || task.Attachments is not { Count: > 0 } attachments)
        {
            return null;
        }

        foreach (var change in changes)
        {
            var id = Required.Value(change.AttachmentArn, "attachmentArn").Split('/')[^1];
            if (attachments.FirstOrDefault(attachment => attachment.Id == id) is { } attachment)
            {
                attachment.Status = Required.Value(change.Status, "status");
            }
        }

        return attachments;
    }
}
