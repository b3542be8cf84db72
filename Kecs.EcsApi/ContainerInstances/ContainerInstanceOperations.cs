using System.Text.Json;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// Register, deregister, describe, list and drain container instances, and UpdateContainerAgent. Instances registered
/// here are virtual (an ECS Anywhere-style or simulated host): they hold the resources and attributes given, and
/// StartTask places tasks on them.
/// </summary>
public sealed class ContainerInstanceOperations(EcsStore store, TimeProvider clock)
{
    private const int MaxDescribe = 100;

    public static void Map(EcsOperationRegistry operations) => operations.For<ContainerInstanceOperations>()
        .Map(EcsOperations.RegisterContainerInstance,
            static (ops, request, context, ct) => ops.RegisterAsync(request, context, ct))
        .Map(EcsOperations.DeregisterContainerInstance,
            static (ops, request, context, ct) => ops.DeregisterAsync(request, context, ct))
        .Map(EcsOperations.DescribeContainerInstances,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListContainerInstances,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.UpdateContainerInstancesState,
            static (ops, request, context, ct) => ops.UpdateStateAsync(request, context, ct))
        .Map(EcsOperations.UpdateContainerAgent,
            static (ops, request, context, _) => Task.FromResult(ops.UpdateAgent(request, context)));

    public async Task<RegisterContainerInstanceResponse> RegisterAsync(
        RegisterContainerInstanceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var identity = IdentityDocument(request.InstanceIdentityDocument);
        var tags = TagValidation.Validate(request.Tags);
        var instance = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var arn = request.ContainerInstanceArn is { } again
                ? ContainerInstanceStore.ArnIn(cluster, again) ?? throw EcsException.InvalidParameter($"'{again}' is not a container instance of cluster {cluster.ClusterName}.")
                : ContainerInstanceStore.Arn(cluster, Guid.NewGuid().ToString("N"));
            var registered = new ContainerInstance
            {
                ContainerInstanceArn = arn,
                Ec2InstanceId = identity.InstanceId ?? "i-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..17],
                Version = (ContainerInstanceStore.FindRegistered(write.State, arn)?.Version ?? 0) + 1,
                VersionInfo = request.VersionInfo ?? new VersionInfo { AgentVersion = "1.0.0", AgentHash = "kecs", DockerVersion = "DockerVersion: 25.0.0" },
                RegisteredResources = ContainerInstanceResources.Registered(request.TotalResources),
                Status = ContainerInstanceStore.Active,
                AgentConnected = true,
                Attributes = ContainerInstanceResources.Attributes(request.Attributes, identity, context.Region),
                RegisteredAt = clock.GetUtcNow(),
                Attachments = [],
            };
            ContainerInstanceStore.Save(write, registered, cluster.ClusterArn!);
            ResourceTagStore.Replace(write, arn, tags);
            return ContainerInstanceStore.View(write.State, registered, cluster.ClusterArn!);
        }, cancellation);
        instance.Tags = tags;
        return new RegisterContainerInstanceResponse { ContainerInstance = instance };
    }

    public async Task<DeregisterContainerInstanceResponse> DeregisterAsync(
        DeregisterContainerInstanceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var instance = await store.WriteAsync(write =>
        {
            var (cluster, found) = Require(write.State, request.Cluster, Required.Value(request.ContainerInstance, "containerInstance"), context);
            var view = ContainerInstanceStore.View(write.State, found, cluster.ClusterArn!);
            if (request.Force != true && view.RunningTasksCount + view.PendingTasksCount > 0)
            {
                throw EcsException.InvalidParameter(
                    $"The container instance has {view.RunningTasksCount + view.PendingTasksCount} tasks that have not stopped. Stop them first, or deregister with force.");
            }

            found.Status = ContainerInstanceStore.Inactive;
            found.AgentConnected = false;
            ContainerInstanceStore.Save(write, found, cluster.ClusterArn!);
            return ContainerInstanceStore.View(write.State, found, cluster.ClusterArn!);
        }, cancellation);
        return new DeregisterContainerInstanceResponse { ContainerInstance = instance };
    }

    public DescribeContainerInstancesResponse Describe(DescribeContainerInstancesRequest request, EcsRequestContext context)
    {
        var values = Required.Value(request.ContainerInstances, "containerInstances");
        if (values.Count is 0 or > MaxDescribe)
        {
            throw EcsException.InvalidParameter($"containerInstances must list between 1 and {MaxDescribe} container instances; {values.Count} were given.");
        }

        var includeTags = IncludeParser.Tags(request.Include);
        return store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var response = new DescribeContainerInstancesResponse { ContainerInstances = [], Failures = [] };
            foreach (var value in values)
            {
                var arn = ContainerInstanceStore.ArnIn(cluster, value);
                if (arn is not null && ContainerInstanceStore.Find(state, cluster, arn) is { } instance)
                {
                    instance.Tags = includeTags ? ResourceTagStore.Read(state, arn) : null;
                    response.ContainerInstances.Add(instance);
                }
                else
                {
                    response.Failures.Add(new Failure { Arn = arn ?? value, Reason = "MISSING" });
                }
            }

            return response;
        });
    }

    public ListContainerInstancesResponse List(ListContainerInstancesRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        var status = request.Status is { } given
            ? EnumValue.Require(given, ["ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"], "status")
            : null;
        var filter = request.Filter is { Length: > 0 } expression ? ClusterQuery.Parse(expression) : null;
        var arns = store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var queried = filter is null ? null : ContainerInstanceStore.QueryTargets(state, cluster);
            return ContainerInstanceStore.All(state, cluster)
                .Where(instance => string.CompareOrdinal(instance.ContainerInstanceArn, after) > 0 && (status is null || instance.Status == status))
                .Where(instance => filter is null || filter.Matches(queried!(instance)))
                .Take(pageSize + 1)
                .Select(instance => instance.ContainerInstanceArn!)
                .ToList();
        });
        return new ListContainerInstancesResponse
        {
            ContainerInstanceArns = arns.Take(pageSize).ToList(),
            NextToken = arns.Count > pageSize ? Paging.NextToken(arns[pageSize - 1]) : null,
        };
    }

    public async Task<UpdateContainerInstancesStateResponse> UpdateStateAsync(
        UpdateContainerInstancesStateRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var values = Required.Value(request.ContainerInstances, "containerInstances");
        var status = EnumValue.Require(Required.Value(request.Status, "status"), [ContainerInstanceStore.Active, ContainerInstanceStore.Draining], "status");
        if (values.Count is 0 or > 10)
        {
            throw EcsException.InvalidParameter($"containerInstances must list between 1 and 10 container instances; {values.Count} were given.");
        }

        return await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var response = new UpdateContainerInstancesStateResponse { ContainerInstances = [], Failures = [] };
            foreach (var value in values)
            {
                var arn = ContainerInstanceStore.ArnIn(cluster, value);
                if (arn is not null && ContainerInstanceStore.IsNode(write.State, cluster, arn))
                {
                    var instanceId = arn[(arn.LastIndexOf('/') + 1)..];
                    KubeNodeInstances.RequestStatus(write, instanceId, status);
                    response.ContainerInstances.Add(KubeNodeInstances.Find(write.State, cluster, instanceId)!);
                    continue;
                }

                if (arn is null || ContainerInstanceStore.FindRegistered(write.State, arn) is not { Status: not ContainerInstanceStore.Inactive } instance)
                {
                    response.Failures.Add(new Failure { Arn = arn ?? value, Reason = "MISSING" });
                    continue;
                }

                instance.Status = status;
                instance.Version = (instance.Version ?? 0) + 1;
                ContainerInstanceStore.Save(write, instance, cluster.ClusterArn!);
                response.ContainerInstances.Add(ContainerInstanceStore.View(write.State, instance, cluster.ClusterArn!));
            }

            return response;
        }, cancellation);
    }

    /// <summary>Kecs has no agent to update: ECS's answer for an instance whose agent is current.</summary>
    public UpdateContainerAgentResponse UpdateAgent(UpdateContainerAgentRequest request, EcsRequestContext context)
    {
        store.Read(state => Require(state, request.Cluster, Required.Value(request.ContainerInstance, "containerInstance"), context));
        throw new EcsException("NoUpdateAvailableException",
            "There is no update available for your container agent: Kecs's container instances have no agent to update.");
    }

    /// <summary>The instance (not INACTIVE) a request names in its cluster, or InvalidParameterException.</summary>
    private static (Cluster Cluster, ContainerInstance Instance) Require(EcsState state, string? clusterName, string value, EcsRequestContext context)
    {
        var cluster = ClusterStore.RequireActive(state, clusterName, context);
        return ContainerInstanceStore.ArnIn(cluster, value) is { } arn && ContainerInstanceStore.FindRegistered(state, arn) is { Status: not ContainerInstanceStore.Inactive } instance
            ? (cluster, instance)
            : throw EcsException.InvalidParameter(
                $"The container instance {value} is not registered in cluster {cluster.ClusterName} (a Kubernetes node's instance comes and goes with the node).");
    }

    private static InstanceIdentity IdentityDocument(string? document)
    {
        if (string.IsNullOrEmpty(document))
        {
            return new InstanceIdentity(null, null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(document);
            string? Text(string name) => json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return new InstanceIdentity(Text("instanceId"), Text("instanceType"), Text("availabilityZone"));
        }
        catch (JsonException error)
        {
            throw EcsException.InvalidParameter($"instanceIdentityDocument is not a JSON instance identity document: {error.Message}");
        }
    }
}
