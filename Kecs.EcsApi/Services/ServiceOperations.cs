using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Services;

/// <summary>Create, describe, list, update and delete services.</summary>
public sealed class ServiceOperations(EcsStore store, TimeProvider clock)
{
    private const int MaxDescribe = 10;

    public static void Map(EcsOperationRegistry operations) => operations.For<ServiceOperations>()
        .Map(EcsOperations.CreateService,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.DescribeServices,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListServices,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.ListServicesByNamespace,
            static (ops, request, context, _) => Task.FromResult(ops.ListByNamespace(request, context)))
        .Map(EcsOperations.UpdateService,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.DeleteService,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct));

    public async Task<CreateServiceResponse> CreateAsync(CreateServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        ServiceCreation.ValidateShape(request);
        var tags = TagValidation.Validate(request.Tags);
        var fingerprint = RequestFingerprint.Of(request, EcsOperations.CreateService.Request);
        var service = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var existing = ServiceStore.Find(write.State, ServiceReference.Arn(cluster, request.ServiceName!));
            switch (existing)
            {
                case { Service.Status: ServiceStore.Active } when request.ClientToken is not null
                                                                  && existing.ClientToken == request.ClientToken
                                                                  && existing.RequestHash == fingerprint:
                    return ServiceView.Of(write.State, existing.Service, includeTags: true);
                case { Service.Status: ServiceStore.Active }:
                    throw EcsException.InvalidParameter("Creation of service was not idempotent.");
                case { Service.Status: ServiceStore.Draining }:
                    throw EcsException.InvalidParameter("Unable to Start a service that is still Draining.");
            }

            CapacityProviderStrategies.RequireAssociated(request.CapacityProviderStrategy, cluster.CapacityProviders);
            var taskDefinition = request.TaskDefinition is null
                ? null
                : TaskDefinitionStore.RequireUsable(write.State, request.TaskDefinition, context);
            if (taskDefinition is not null && request.CapacityProviderStrategy is { Count: > 0 } strategy)
            {
                TaskOperations.Placement(strategy, request.LaunchType, request.NetworkConfiguration, cluster, taskDefinition);
            }

            var service = Insert(write, request, cluster, taskDefinition, context, clock.GetUtcNow(), fingerprint, tags);
            return ServiceView.Of(write.State, service, includeTags: true);
        }, cancellation);
        return new CreateServiceResponse { Service = service };
    }

    /// <summary>Stores a new service, its first deployment's history and its tags.</summary>
    /// <param name="resourceManagementType">ECS for an Express service, whose resources ECS manages.</param>
    public static Service Insert(
        StateWrite write, CreateServiceRequest request, Cluster cluster, TaskDefinition? taskDefinition, EcsRequestContext context,
        DateTimeOffset now, string fingerprint, List<Tag> tags, string? resourceManagementType = null)
    {
        var service = ServiceCreation.Build(request, cluster, taskDefinition, context, now);
        service.ResourceManagementType = resourceManagementType;
        if (service.Deployments is [var first])
        {
            ServiceDeploymentHistory.Begin(write, service, first, now);
        }

        ServiceStore.Save(write, service, request.ClientToken, fingerprint, ServiceCreation.Namespace(service, cluster));
        ResourceTagStore.Replace(write, service.ServiceArn!, tags);
        return service;
    }

    public DescribeServicesResponse Describe(DescribeServicesRequest request, EcsRequestContext context)
    {
        var names = Required.Value(request.Services, "services");
        if (names.Count is 0 or > MaxDescribe)
        {
            throw EcsException.InvalidParameter($"services must list between 1 and {MaxDescribe} services; {names.Count} were given.");
        }

        var includeTags = IncludeParser.Tags(request.Include);
        return store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var arns = names.Select(value => ServiceReference.NameIn(cluster, value) is { } name ? ServiceReference.Arn(cluster, name) : null).ToList();
            var known = arns.OfType<string>().Distinct().ToList();
            var stored = known.Select(arn => ServiceStore.Find(state, arn)?.Service).OfType<Service>().ToDictionary(s => s.ServiceArn!);
            var response = new DescribeServicesResponse { Services = [], Failures = [] };
            foreach (var (value, arn) in names.Zip(arns))
            {
                if (arn is not null && stored.TryGetValue(arn, out var service))
                {
                    response.Services.Add(ServiceView.Of(state, service, includeTags));
                }
                else
                {
                    response.Failures.Add(new Failure
                    {
                        Arn = value.StartsWith("arn:", StringComparison.Ordinal) ? value : ServiceReference.Arn(cluster, value),
                        Reason = "MISSING",
                    });
                }
            }

            return response;
        });
    }

    public ListServicesResponse List(ListServicesRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 10, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        if (request.LaunchType is { } launchType)
        {
            EnumValue.Require(launchType, ServiceValidation.LaunchTypes, "launchType");
        }

        if (request.SchedulingStrategy is { } strategy)
        {
            EnumValue.Require(strategy, ["REPLICA", "DAEMON"], "schedulingStrategy");
        }

        if (request.ResourceManagementType is { } management)
        {
            EnumValue.Require(management, ["CUSTOMER", "ECS"], "resourceManagementType");
        }

        var rows = store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            return ServiceStore.ListActive(state, cluster.ClusterArn!, request.LaunchType, request.SchedulingStrategy,
                request.ResourceManagementType, after, pageSize + 1);
        });
        return new ListServicesResponse { ServiceArns = rows.Take(pageSize).ToList(), NextToken = NextToken(rows, pageSize) };
    }

    public ListServicesByNamespaceResponse ListByNamespace(ListServicesByNamespaceRequest request, EcsRequestContext context)
    {
        var serviceConnectNamespace = Required.Value(request.Namespace, "namespace");
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 10, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        var rows = store.Read(state =>
            ServiceStore.NamespaceKnown(state, context, serviceConnectNamespace)
                ? ServiceStore.ListActiveInNamespace(state, context, serviceConnectNamespace, after, pageSize + 1)
                : throw new EcsException("NamespaceNotFoundException",
                    $"The namespace '{serviceConnectNamespace}' is not used by any cluster or service in this region."));
        return new ListServicesByNamespaceResponse { ServiceArns = rows.Take(pageSize).ToList(), NextToken = NextToken(rows, pageSize) };
    }

    public async Task<UpdateServiceResponse> UpdateAsync(UpdateServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        ServiceUpdate.ValidateShape(request);
        var service = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var service = ServiceStore.Require(write.State, cluster, request.Service);
            if (service.Status != ServiceStore.Active)
            {
                throw new EcsException("ServiceNotActiveException", "Service was not ACTIVE.");
            }

            CapacityProviderStrategies.RequireAssociated(request.CapacityProviderStrategy, cluster.CapacityProviders);
            ServiceUpdate.Apply(write, service, request, context, clock.GetUtcNow());
            ServiceStore.Update(write, service);
            return ServiceView.Of(write.State, service, includeTags: false);
        }, cancellation);
        return new UpdateServiceResponse { Service = service };
    }

    public async Task<DeleteServiceResponse> DeleteAsync(DeleteServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var service = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var service = ServiceStore.Require(write.State, cluster, request.Service);
            if (service.Status != ServiceStore.Active)
            {
                return ServiceView.Of(write.State, service, includeTags: false);
            }

            if (service.SchedulingStrategy != "DAEMON" && service.DesiredCount > 0 && request.Force != true)
            {
                throw EcsException.InvalidParameter("The service cannot be stopped while it is scaled above 0.");
            }

            service.DesiredCount = 0;
            service.Status = ServiceStore.Draining;
            var stopping = TaskStore.StopServiceTasks(write, service.ServiceArn!, $"Service {service.ServiceName} was deleted.", clock.GetUtcNow());
            var snapshot = ServiceView.Of(write.State, Documents.Copy(service, EcsJsonContext.Default.Service), includeTags: false);
            FinishDrainingIfIdle(write, service, stopping);
            ServiceDeploymentStore.DeleteForService(write, service.ServiceArn!);
            ResourceTagStore.Replace(write, service.ServiceArn!, []);
            foreach (var taskSet in service.TaskSets ?? [])
            {
                ResourceTagStore.Replace(write, taskSet.TaskSetArn!, []);
            }

            return snapshot;
        }, cancellation);
        return new DeleteServiceResponse { Service = service };
    }

    /// <summary>A DRAINING service becomes INACTIVE once none of its tasks is still running.</summary>
    public static void FinishDrainingIfIdle(StateWrite write, Service service, int liveTasks)
    {
        service.Status = liveTasks == 0 ? ServiceStore.Inactive : ServiceStore.Draining;
        ServiceStore.Update(write, service);
    }

    private static string? NextToken(List<string> rows, int pageSize) =>
        rows.Count > pageSize ? Paging.NextToken(rows[pageSize - 1]) : null;
}
