using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.TaskSets;

/// <summary>
/// CreateTaskSet, DescribeTaskSets, UpdateTaskSet (its scale), DeleteTaskSet and UpdateServicePrimaryTaskSet for
/// services whose deployments an external controller (EXTERNAL, or CodeDeploy for CODE_DEPLOY) drives. The
/// Scheduler runs each task set's share of the service; a deleted task set drains and is gone once its tasks stopped.
/// </summary>
public sealed class TaskSetOperations(EcsStore store, TimeProvider clock)
{
    public static void Map(EcsOperationRegistry operations) => operations.For<TaskSetOperations>()
        .Map(EcsOperations.CreateTaskSet,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.DescribeTaskSets,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.UpdateTaskSet,
            static (ops, request, context, ct) => ops.ChangeAsync(request.Cluster, request.Service, request.TaskSet, "taskSet", context,
                (_, taskSet, now) =>
                {
                    taskSet.Scale = ServiceTaskSets.ValidScale(Required.Value(request.Scale, "scale"));
                    taskSet.UpdatedAt = now;
                }, set => new UpdateTaskSetResponse { TaskSet = set }, ct))
        .Map(EcsOperations.UpdateServicePrimaryTaskSet,
            static (ops, request, context, ct) => ops.ChangeAsync(request.Cluster, request.Service, request.PrimaryTaskSet, "primaryTaskSet", context,
                (service, taskSet, now) =>
                {
                    if (taskSet.Status == TaskSetScale.Draining)
                    {
                        throw EcsException.InvalidParameter($"The task set {taskSet.Id} is DRAINING and cannot become the primary task set.");
                    }

                    ServiceTaskSets.MakePrimary(service, taskSet, now);
                }, set => new UpdateServicePrimaryTaskSetResponse { TaskSet = set }, ct))
        .Map(EcsOperations.DeleteTaskSet,
            static (ops, request, context, ct) => ops.ChangeAsync(request.Cluster, request.Service, request.TaskSet, "taskSet", context,
                (_, taskSet, now) =>
                {
                    if (request.Force != true && taskSet.Scale?.Value > 0 && taskSet.Status != TaskSetScale.Draining)
                    {
                        throw EcsException.InvalidParameter(
                            $"The task set {taskSet.Id} is scaled to {taskSet.Scale.Value}%: scale it to 0 with UpdateTaskSet first, or delete it with force.");
                    }

                    taskSet.Status = TaskSetScale.Draining;
                    taskSet.UpdatedAt = now;
                }, set => new DeleteTaskSetResponse { TaskSet = set }, ct));

    public async Task<CreateTaskSetResponse> CreateAsync(CreateTaskSetRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        ServiceValidation.LaunchTypeAndStrategy(request.LaunchType, request.CapacityProviderStrategy);
        ServiceTaskSets.ValidScale(request.Scale);
        var tags = TagValidation.Validate(request.Tags);
        var taskSet = await store.WriteAsync(write =>
        {
            var (cluster, service) = ExternallyDeployed(write.State, request.Cluster, request.Service, context);
            CapacityProviderStrategies.RequireAssociated(request.CapacityProviderStrategy, cluster.CapacityProviders);
            var definition = TaskDefinitionStore.RequireUsable(write.State, request.TaskDefinition, context);
            ServiceValidation.NetworkConfiguration(request.NetworkConfiguration, definition);
            TaskOperations.Placement(request.CapacityProviderStrategy, request.LaunchType, request.NetworkConfiguration, cluster, definition);
            var now = clock.GetUtcNow();
            var startedBy = service.DeploymentController!.Type == "CODE_DEPLOY" ? "CodeDeploy" : null;
            var created = ServiceTaskSets.New(service, definition, request, startedBy, now);
            service.TaskSets = [.. service.TaskSets ?? [], created];
            if (!service.TaskSets.Any(set => set.Status == ServiceTaskSets.Primary))
            {
                ServiceTaskSets.MakePrimary(service, created, now);
            }

            ServiceStore.Update(write, service);
            ResourceTagStore.Replace(write, created.TaskSetArn!, tags);
            return ServiceTaskSets.View(created, service, ServiceTaskCounts.Read(write.State, service.ServiceArn!));
        }, cancellation);
        taskSet.Tags = tags;
        return new CreateTaskSetResponse { TaskSet = taskSet };
    }

    public DescribeTaskSetsResponse Describe(DescribeTaskSetsRequest request, EcsRequestContext context)
    {
        var includeTags = IncludeParser.Tags(request.Include);
        return store.Read(state =>
        {
            var (_, service) = ExternallyDeployed(state, request.Cluster, request.Service, context);
            var counts = ServiceTaskCounts.Read(state, service.ServiceArn!);
            var response = new DescribeTaskSetsResponse { TaskSets = [], Failures = [] };
            var wanted = request.TaskSets is { Count: > 0 } named ? named : (service.TaskSets ?? []).Select(set => set.TaskSetArn!).ToList();
            foreach (var value in wanted)
            {
                if (service.TaskSets?.FirstOrDefault(set => set.Id == value || set.TaskSetArn == value) is { } taskSet)
                {
                    ServiceTaskSets.View(taskSet, service, counts).Tags = includeTags ? ResourceTagStore.Read(state, taskSet.TaskSetArn!) : null;
                    response.TaskSets.Add(taskSet);
                }
                else
                {
                    response.Failures.Add(new Failure { Arn = value, Reason = "MISSING" });
                }
            }

            return response;
        });
    }

    private async Task<TResponse> ChangeAsync<TResponse>(
        string? cluster, string? service, string? taskSet, string member, EcsRequestContext context,
        Action<Service, TaskSet, DateTimeOffset> change, Func<TaskSet, TResponse> respond, CancellationToken cancellation)
    {
        var changed = await store.WriteAsync(write =>
        {
            var (_, found) = ExternallyDeployed(write.State, cluster, service, context);
            var target = ServiceTaskSets.Require(found, taskSet, member);
            change(found, target, clock.GetUtcNow());
            ServiceStore.Update(write, found);
            return ServiceTaskSets.View(target, found, ServiceTaskCounts.Read(write.State, found.ServiceArn!));
        }, cancellation);
        return respond(changed);
    }

    /// <summary>The ACTIVE service a request names, when an external controller deploys it.</summary>
    private static (Cluster Cluster, Service Service) ExternallyDeployed(EcsState state, string? clusterName, string? serviceName, EcsRequestContext context)
    {
        var cluster = ClusterStore.RequireActive(state, Required.Value(clusterName, "cluster"), context);
        var service = ServiceStore.Require(state, cluster, serviceName);
        if (service.Status != ServiceStore.Active)
        {
            throw new EcsException("ServiceNotActiveException", "Service was not ACTIVE.");
        }

        if (service.DeploymentController?.Type is not ("EXTERNAL" or "CODE_DEPLOY"))
        {
            throw EcsException.InvalidParameter(
                $"The service {service.ServiceName} uses the ECS deployment controller; task sets are only for services that use the EXTERNAL or CODE_DEPLOY deployment controller.");
        }

        return (cluster, service);
    }
}
