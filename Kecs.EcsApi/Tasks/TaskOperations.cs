using System.Diagnostics;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tagging;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Tasks;

/// <summary>Run, start, describe, list and stop tasks.</summary>
public sealed class TaskOperations(EcsStore store, TimeProvider clock)
{
    private const int MaxRunCount = 10;
    private const int MaxDescribe = 100;

    public static void Map(EcsOperationRegistry operations) => operations.For<TaskOperations>()
        .Map(EcsOperations.RunTask,
            static (ops, request, context, ct) => ops.RunAsync(request, context, ct))
        .Map(EcsOperations.DescribeTasks,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListTasks,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.StopTask,
            static (ops, request, context, ct) => ops.StopAsync(request, context, ct));

    public async Task<RunTaskResponse> RunAsync(RunTaskRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var count = request.Count ?? 1;
        if (count is < 1 or > MaxRunCount)
        {
            throw EcsException.InvalidParameter($"count must be between 1 and {MaxRunCount}; it was {count}.");
        }

        ServiceValidation.LaunchTypeAndStrategy(request.LaunchType, request.CapacityProviderStrategy);
        ServiceValidation.PropagateTags(request.PropagateTags);
        if (request.PropagateTags == "SERVICE")
        {
            throw EcsException.InvalidParameter("propagateTags SERVICE is only valid for tasks that a service starts; RunTask takes TASK_DEFINITION or NONE.");
        }

        if (request.StartedBy is { Length: > 128 } || request.Group is { Length: > 255 } || request.ClientToken is { Length: > 64 })
        {
            throw EcsException.InvalidParameter("startedBy is limited to 128 characters, group to 255 and clientToken to 64.");
        }

        InstancePlacement.Validate(request.PlacementConstraints, request.PlacementStrategy);
        var tags = TagValidation.Validate(request.Tags);
        var fingerprint = RequestFingerprint.Of(request, EcsOperations.RunTask.Request);
        var traceParent = Activity.Current?.Id;
        return await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            if (request.ClientToken is { } token && RunTaskTokens.Find(write.State, cluster.ClusterArn!, token) is { } earlier)
            {
                return earlier.RequestHash == fingerprint
                    ? new RunTaskResponse { Tasks = earlier.TaskArns.Select(arn => View(write.State, TaskStore.Find(write.State, arn)!, true)).ToList(), Failures = [] }
                    : throw new EcsException("ConflictException",
                        "The clientToken was used before with different parameters. Use a new clientToken for a different request.",
                        resourceIds: earlier.TaskArns);
            }

            CapacityProviderStrategies.RequireAssociated(request.CapacityProviderStrategy, cluster.CapacityProviders);
            var definition = TaskDefinitionStore.RequireUsable(write.State, request.TaskDefinition, context);
            var placement = Placement(request.CapacityProviderStrategy, request.LaunchType, request.NetworkConfiguration, cluster, definition);
            var overrides = TaskLaunch.Overrides(request.Overrides, definition);
            var taskTags = LaunchTags(write.State, request.PropagateTags, definition, tags, request.EnableECSManagedTags == true, cluster);

            var now = clock.GetUtcNow();
            var tasks = new List<EcsTask>();
            var failures = new List<Failure>();
            var instances = placement.LaunchType == "EC2"
                ? InstancePlacement.For(write.State, cluster, request.PlacementConstraints, request.PlacementStrategy, definition)
                : null;
            for (var i = 0; i < count; i++)
            {
                var task = TaskLaunch.New(cluster, definition, placement, Documents.Copy(overrides, EcsJsonContext.Default.TaskOverride),
                    request.Group ?? $"family:{definition.Family}", request.StartedBy, request.EnableExecuteCommand ?? false, now, context);
                if (instances is not null && !TaskLaunch.PlaceOn(task, instances, failures))
                {
                    continue;
                }

                TaskStore.Insert(write, task, definition.Family!, serviceArn: null, traceParent);
                ResourceTagStore.Replace(write, task.TaskArn!, taskTags);
                task.Tags = taskTags;
                tasks.Add(task);
            }

            if (request.ClientToken is { } newToken)
            {
                RunTaskTokens.Save(write, cluster.ClusterArn!, newToken, fingerprint, tasks.Select(t => t.TaskArn!).ToList(), now);
            }

            return new RunTaskResponse { Tasks = tasks, Failures = failures };
        }, cancellation);
    }

    public DescribeTasksResponse Describe(DescribeTasksRequest request, EcsRequestContext context)
    {
        var values = request.Tasks ?? [];
        if (values.Count == 0)
        {
            throw EcsException.InvalidParameter("Tasks cannot be empty.");
        }

        if (values.Count > MaxDescribe)
        {
            throw EcsException.InvalidParameter($"DescribeTasks accepts at most {MaxDescribe} tasks; {values.Count} were given.");
        }

        var includeTags = IncludeParser.Tags(request.Include);
        return store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var response = new DescribeTasksResponse { Tasks = [], Failures = [] };
            foreach (var value in values)
            {
                var arn = TaskReference.ArnIn(cluster, value);
                if (arn is not null && TaskStore.Find(state, arn) is { } task)
                {
                    response.Tasks.Add(View(state, task, includeTags));
                }
                else
                {
                    response.Failures.Add(new Failure { Arn = arn ?? value, Reason = "MISSING" });
                }
            }

            return response;
        });
    }

    public ListTasksResponse List(ListTasksRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        var desiredStatus = EnumValue.Require(request.DesiredStatus ?? TaskStore.DesiredRunning, ["RUNNING", "PENDING", "STOPPED"], "desiredStatus");
        if (request.LaunchType is { } launchType)
        {
            EnumValue.Require(launchType, ServiceValidation.LaunchTypes, "launchType");
        }

        var rows = store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var serviceArn = request.ServiceName is { } serviceName
                ? ServiceStore.Require(state, cluster, serviceName).ServiceArn
                : null;

            var instanceArn = request.ContainerInstance is { } instance ? ContainerInstanceStore.ArnIn(cluster, instance) : null;

            // ECS never leaves a task with desiredStatus PENDING.
            if (desiredStatus == "PENDING" || (request.ContainerInstance is not null && instanceArn is null))
            {
                return [];
            }

            var daemonArn = request.DaemonName is { } daemonName ? context.Arn($"daemon/{cluster.ClusterName}/{daemonName}") : null;
            var filter = new TaskFilter(cluster.ClusterArn!, desiredStatus, request.Family, serviceArn, request.StartedBy, request.LaunchType)
            {
                DaemonArn = daemonArn,
                ContainerInstanceArn = instanceArn,
            };
            return TaskStore.List(state, filter, after, pageSize + 1);
        });
        return new ListTasksResponse
        {
            TaskArns = rows.Take(pageSize).ToList(),
            NextToken = rows.Count > pageSize ? Paging.NextToken(rows[pageSize - 1]) : null,
        };
    }

    public async Task<StopTaskResponse> StopAsync(StopTaskRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var value = Required.Value(request.Task, "task");
        if (request.Reason is { Length: > 255 })
        {
            throw EcsException.InvalidParameter("reason is limited to 255 characters.");
        }

        var task = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var arn = TaskReference.ArnIn(cluster, value);
            var task = (arn is null ? null : TaskStore.Find(write.State, arn))
                       ?? throw EcsException.InvalidParameter("The referenced task was not found.");
            if (TaskStore.RequestStop(task, StopCodes.UserInitiated, request.Reason ?? "Task stopped by user", clock.GetUtcNow()))
            {
                TaskStore.Update(write, task);
            }

            return View(write.State, task, includeTags: false);
        }, cancellation);
        return new StopTaskResponse { Task = task };
    }

    private static EcsTask View(EcsState state, EcsTask task, bool includeTags)
    {
        task.Tags = includeTags ? ResourceTagStore.Read(state, task.TaskArn!) : null;
        return task;
    }

    /// <summary>A standalone task's tags: the caller's, after the task definition's with TASK_DEFINITION, and ECS's managed ones when asked.</summary>
    public static List<Tag> LaunchTags(
        EcsState state, string? propagateTags, TaskDefinition definition, List<Tag> tags, bool managedTags, Cluster cluster)
    {
        var taskTags = propagateTags == "TASK_DEFINITION"
            ? TagValidation.Merge(ResourceTagStore.Read(state, definition.TaskDefinitionArn!), tags)
            : tags;
        return managedTags ? [.. taskTags, .. ManagedTags.For(cluster)] : taskTags;
    }

    /// <summary>Where a task runs, from a launch type or capacity provider strategy (the cluster's default when neither is given).</summary>
    public static TaskPlacement Placement(
        List<CapacityProviderStrategyItem>? capacityProviderStrategy, string? requestedLaunchType, NetworkConfiguration? network,
        Cluster cluster, TaskDefinition definition)
    {
        var strategy = capacityProviderStrategy is { Count: > 0 } given
            ? given
            : requestedLaunchType is null ? cluster.DefaultCapacityProviderStrategy : null;
        string launchType;
        string? capacityProvider = null;
        if (strategy is { Count: > 0 })
        {
            // The base is placed first; Kecs runs one task per call the same way on any provider. FARGATE and
            // FARGATE_SPOT run Fargate tasks; the providers you create stand for EC2 capacity.
            capacityProvider = (strategy.FirstOrDefault(item => item.Base > 0) ?? strategy.OrderByDescending(item => item.Weight ?? 0).First()).CapacityProvider;
            launchType = CapacityProviderStore.BuiltIn.Contains(capacityProvider!) ? "FARGATE" : "EC2";
        }
        else
        {
            launchType = requestedLaunchType ?? "EC2";
        }

        if (launchType == "FARGATE" && definition.Compatibilities?.Contains("FARGATE") != true)
        {
            throw EcsException.InvalidParameter("Task definition does not support launch_type FARGATE.");
        }

        ServiceValidation.NetworkConfiguration(network, definition);
        return new TaskPlacement(launchType, capacityProvider, network);
    }
}
