using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Tasks;

/// <summary>
/// StartTask: one task on each container instance named (a registered one, or a Kubernetes node, whose pod then runs on
/// that node), with the EC2 launch type and that instance's <c>containerInstanceArn</c>. An instance that is not
/// registered is MISSING, a deregistered one INACTIVE, and one
/// without the CPU or memory the task needs left fails with RESOURCE:CPU or RESOURCE:MEMORY, as ECS reports them.
/// </summary>
public sealed class StartTaskOperation(EcsStore store, TimeProvider clock)
{
    private const int MaxInstances = 10;

    public static void Map(EcsOperationRegistry operations) => operations.For<StartTaskOperation>()
        .Map(EcsOperations.StartTask,
            static (ops, request, context, ct) => ops.StartAsync(request, context, ct));

    public async Task<StartTaskResponse> StartAsync(StartTaskRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var instances = Required.Value(request.ContainerInstances, "containerInstances");
        if (instances.Count is 0 or > MaxInstances)
        {
            throw EcsException.InvalidParameter($"containerInstances must list between 1 and {MaxInstances} container instances.");
        }

        ServiceValidation.PropagateTags(request.PropagateTags);
        if (request.PropagateTags == "SERVICE" || request.StartedBy is { Length: > 128 } || request.Group is { Length: > 255 })
        {
            throw EcsException.InvalidParameter("StartTask takes propagateTags TASK_DEFINITION or NONE, startedBy up to 128 characters and group up to 255.");
        }

        var tags = TagValidation.Validate(request.Tags);
        return await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var definition = TaskDefinitionStore.RequireUsable(write.State, Required.Value(request.TaskDefinition, "taskDefinition"), context);
            if (definition.Compatibilities?.Contains("EC2") != true && definition.Compatibilities?.Contains("EXTERNAL") != true)
            {
                throw EcsException.InvalidParameter("StartTask places tasks on container instances: the task definition must be compatible with EC2 or EXTERNAL.");
            }

            ServiceValidation.NetworkConfiguration(request.NetworkConfiguration, definition);
            var overrides = TaskLaunch.Overrides(request.Overrides, definition);
            var taskTags = TaskOperations.LaunchTags(write.State, request.PropagateTags, definition, tags, request.EnableECSManagedTags == true, cluster);
            var now = clock.GetUtcNow();
            var response = new StartTaskResponse { Tasks = [], Failures = [] };
            foreach (var value in instances)
            {
                var task = TaskLaunch.New(cluster, definition, new TaskPlacement("EC2", null, request.NetworkConfiguration),
                    Documents.Copy(overrides, EcsJsonContext.Default.TaskOverride), request.Group ?? $"family:{definition.Family}",
                    request.StartedBy, request.EnableExecuteCommand ?? false, now, context);
                var arn = ContainerInstanceStore.ArnIn(cluster, value);
                var instance = arn is null ? null : ContainerInstanceStore.Find(write.State, cluster, arn);
                var remaining = instance?.RemainingResources;
                var (cpu, memory) = ContainerInstanceStore.Reserved(task);
                var reason = instance switch
                {
                    null => "MISSING",
                    { Status: ContainerInstanceStore.Inactive } => "INACTIVE",
                    _ when Left(remaining, "CPU") < cpu => "RESOURCE:CPU",
                    _ when Left(remaining, "MEMORY") < memory => "RESOURCE:MEMORY",
                    _ => null,
                };
                if (reason is not null)
                {
                    response.Failures.Add(new Failure { Arn = arn ?? value, Reason = reason });
                    continue;
                }

                task.ContainerInstanceArn = arn;
                task.AvailabilityZone = instance!.Attributes?.FirstOrDefault(a => a.Name == "ecs.availability-zone")?.Value ?? task.AvailabilityZone;
                TaskStore.Insert(write, task, definition.Family!, serviceArn: null, traceParent: null);
                ResourceTagStore.Replace(write, task.TaskArn!, taskTags);
                task.Tags = taskTags;
                response.Tasks.Add(task);
            }

            return response;
        }, cancellation);
    }

    private static int Left(List<Resource>? resources, string name) => resources?.FirstOrDefault(r => r.Name == name)?.IntegerValue ?? 0;
}
