using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;

namespace Kecs.EcsApi.TaskSets;

/// <summary>
/// Task sets as a service with the EXTERNAL or CODE_DEPLOY deployment controller keeps them in <c>taskSets[]</c>
/// (instead of <c>deployments[]</c>): each runs its scale's share of the service's desiredCount with its own task
/// definition. The service shows the PRIMARY one's task definition.
/// </summary>
public static class ServiceTaskSets
{
    public const string Primary = "PRIMARY";
    public const string Active = "ACTIVE";

    public static TaskSet New(
        Service service, TaskDefinition definition, CreateTaskSetRequest request, string? startedBy, DateTimeOffset now)
    {
        var id = Deployments.NewId();
        var fargate = request.LaunchType == "FARGATE" || request.CapacityProviderStrategy is { Count: > 0 };
        return new TaskSet
        {
            Id = id,
            TaskSetArn = service.ServiceArn!.Replace(":service/", ":task-set/", StringComparison.Ordinal) + "/" + id,
            ServiceArn = service.ServiceArn,
            ClusterArn = service.ClusterArn,
            StartedBy = startedBy,
            ExternalId = request.ExternalId,
            Status = Active,
            TaskDefinition = definition.TaskDefinitionArn,
            CreatedAt = now,
            UpdatedAt = now,
            LaunchType = request.LaunchType ?? (fargate ? null : "EC2"),
            CapacityProviderStrategy = request.CapacityProviderStrategy ?? [],
            PlatformVersion = fargate ? request.PlatformVersion ?? "LATEST" : null,
            NetworkConfiguration = request.NetworkConfiguration,
            LoadBalancers = request.LoadBalancers ?? [],
            ServiceRegistries = request.ServiceRegistries ?? [],
            Scale = ValidScale(request.Scale) ?? new Scale { Value = 100, Unit = "PERCENT" },
            StabilityStatus = "STABILIZING",
            StabilityStatusAt = now,
        };
    }

    /// <summary>The task set a request names (its id or ARN) in this service, or TaskSetNotFoundException.</summary>
    public static TaskSet Require(Service service, string? idOrArn, string member)
    {
        var value = Required.Value(idOrArn, member);
        return service.TaskSets?.FirstOrDefault(set => set.Id == value || set.TaskSetArn == value)
               ?? throw new EcsException("TaskSetNotFoundException", $"The specified task set {value} does not exist in service {service.ServiceName}.");
    }

    /// <summary>Makes this task set PRIMARY and the one before it ACTIVE; the service takes its task definition.</summary>
    public static void MakePrimary(Service service, TaskSet taskSet, DateTimeOffset now)
    {
        foreach (var other in service.TaskSets!.Where(set => set.Status == Primary && set != taskSet))
        {
            other.Status = Active;
            other.UpdatedAt = now;
        }

        taskSet.Status = Primary;
        taskSet.UpdatedAt = now;
        service.TaskDefinition = taskSet.TaskDefinition;
    }

    public static Scale? ValidScale(Scale? scale)
    {
        if (scale is null)
        {
            return null;
        }

        if ((scale.Unit ?? "PERCENT") != "PERCENT" || scale.Value is not (>= 0 and <= 100))
        {
            throw EcsException.InvalidParameter("scale must be a PERCENT between 0 and 100.");
        }

        return new Scale { Value = scale.Value, Unit = "PERCENT" };
    }

    /// <summary>The task set with its running and pending counts, desired count and stability as of now.</summary>
    public static TaskSet View(TaskSet taskSet, Service service, ServiceTaskCounts counts)
    {
        (taskSet.RunningCount, taskSet.PendingCount) = counts.Of(taskSet.Id);
        taskSet.ComputedDesiredCount = TaskSetScale.DesiredCount(taskSet, service.DesiredCount ?? 0);
        var steady = taskSet.RunningCount == taskSet.ComputedDesiredCount && taskSet.PendingCount == 0;
        taskSet.StabilityStatus = steady ? "STEADY_STATE" : "STABILIZING";
        return taskSet;
    }
}
