using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Express;

/// <summary>
/// CreateExpressGatewayService, UpdateExpressGatewayService, DeleteExpressGatewayService and
/// DescribeExpressGatewayService over the services <see cref="ExpressServices"/> builds. An Express service is also
/// an ordinary service (ListServices, DescribeServices, its deployments); its Express configuration is kept beside it.
/// </summary>
public sealed partial class ExpressServiceOperations(EcsStore store, ServiceOperations services, TimeProvider clock)
{
    public static void Map(EcsOperationRegistry operations) => operations.For<ExpressServiceOperations>()
        .Map(EcsOperations.CreateExpressGatewayService,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.DescribeExpressGatewayService,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.UpdateExpressGatewayService,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.DeleteExpressGatewayService,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct));

    public async Task<CreateExpressGatewayServiceResponse> CreateAsync(
        CreateExpressGatewayServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var infrastructureRole = Required.Value(request.InfrastructureRoleArn, "infrastructureRoleArn");
        var configuration = ExpressServices.Configuration(request);
        var name = ServiceReference.ValidName(request.ServiceName ?? GeneratedName(configuration.PrimaryContainer!.Image!));
        var definition = TaskDefinitionRegistration.Build(ExpressServices.TaskDefinition(name, configuration));
        var tags = TagValidation.Validate(request.Tags);
        var serviceRequest = new CreateServiceRequest
        {
            Cluster = request.Cluster,
            ServiceName = name,
            TaskDefinition = name,
            DesiredCount = configuration.ScalingTarget!.MinTaskCount,
            LaunchType = "FARGATE",
            NetworkConfiguration = ExpressServices.TaskNetwork(configuration),
        };
        ServiceCreation.ValidateShape(serviceRequest);
        var fingerprint = RequestFingerprint.Of(request, EcsOperations.CreateExpressGatewayService.Request);
        var created = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            if (ServiceStore.Find(write.State, ServiceReference.Arn(cluster, name)) is { Service.Status: not ServiceStore.Inactive })
            {
                throw EcsException.InvalidParameter($"A service named {name} already exists in cluster {cluster.ClusterName}.");
            }

            var now = clock.GetUtcNow();
            TaskDefinitionStore.Register(write, definition, [], context, now);
            serviceRequest.TaskDefinition = definition.TaskDefinitionArn;
            var service = ServiceOperations.Insert(write, serviceRequest, cluster, definition, context, now, fingerprint, tags, resourceManagementType: "ECS");
            var express = new ECSExpressGatewayService
            {
                Cluster = cluster.ClusterArn,
                ServiceName = name,
                ServiceArn = service.ServiceArn,
                InfrastructureRoleArn = infrastructureRole,
                CreatedAt = now,
                UpdatedAt = now,
                ActiveConfigurations = [Active(service, configuration, now)],
            };
            Save(write, express);
            return View(write.State, express, includeTags: true);
        }, cancellation);
        return new CreateExpressGatewayServiceResponse { Service = created };
    }

    public DescribeExpressGatewayServiceResponse Describe(DescribeExpressGatewayServiceRequest request, EcsRequestContext context) =>
        store.Read(state => new DescribeExpressGatewayServiceResponse
        {
            Service = View(state, Find(state, request.ServiceArn, context)
                ?? throw new EcsException("ResourceNotFoundException", $"The Express service {request.ServiceArn} was not found."),
                IncludeParser.Tags(request.Include)),
        });

    public async Task<UpdateExpressGatewayServiceResponse> UpdateAsync(
        UpdateExpressGatewayServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var updated = await store.WriteAsync(write =>
        {
            var express = Require(write.State, request.ServiceArn, context);
            var service = ServiceStore.Find(write.State, express.ServiceArn!)!.Service;
            if (service.Status != ServiceStore.Active)
            {
                throw new EcsException("ServiceNotActiveException", "Service was not ACTIVE.");
            }

            var now = clock.GetUtcNow();
            var current = express.ActiveConfigurations![^1];
            var next = ExpressServices.Updated(current, request);
            var update = new UpdateServiceRequest
            {
                DesiredCount = next.ScalingTarget!.MinTaskCount,
                NetworkConfiguration = ExpressServices.TaskNetwork(next),
            };
            var definition = TaskDefinitionRegistration.Build(ExpressServices.TaskDefinition(service.ServiceName!, next));
            var running = TaskDefinitionStore.Find(write.State, service.TaskDefinition!)!;
            if (!SameTask(definition, running))
            {
                update.TaskDefinition = TaskDefinitionStore.Register(write, definition, [], context, now).TaskDefinitionArn;
            }

            ServiceUpdate.ValidateShape(update);
            ServiceUpdate.Apply(write, service, update, context, now);
            ServiceStore.Update(write, service);
            express.ActiveConfigurations = [Active(service, next, now)];
            express.UpdatedAt = now;
            Save(write, express);
            return new UpdatedExpressGatewayService
            {
                ServiceArn = express.ServiceArn,
                Cluster = express.Cluster,
                ServiceName = express.ServiceName,
                Status = Status(service),
                TargetConfiguration = express.ActiveConfigurations[0],
                CreatedAt = express.CreatedAt,
                UpdatedAt = now,
            };
        }, cancellation);
        return new UpdateExpressGatewayServiceResponse { Service = updated };
    }

    public async Task<DeleteExpressGatewayServiceResponse> DeleteAsync(
        DeleteExpressGatewayServiceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var express = store.Read(state => Require(state, request.ServiceArn, context));
        await services.DeleteAsync(new DeleteServiceRequest { Cluster = express.Cluster, Service = express.ServiceArn, Force = true }, context, cancellation);
        return new DeleteExpressGatewayServiceResponse { Service = store.Read(state => View(state, express, includeTags: false)) };
    }

    /// <summary>The Express service an ARN names (an ARN without an account means the caller's), or null.</summary>
    private static ECSExpressGatewayService? Find(EcsState state, string? serviceArn, EcsRequestContext context)
    {
        var arn = EcsArn.InAccount(Required.Value(serviceArn, "serviceArn"), context.AccountId);
        return state.Services.TryGetValue(arn, out var row) && row.Express is { } express
            ? Documents.Read(express, EcsJsonContext.Default.ECSExpressGatewayService)
            : null;
    }

    /// <summary>The Express service to update or delete, or the error those operations model for an unknown service.</summary>
    private static ECSExpressGatewayService Require(EcsState state, string? serviceArn, EcsRequestContext context) =>
        Find(state, serviceArn, context) ?? throw new EcsException("ServiceNotFoundException", "Service not found.");

    private static void Save(StateWrite write, ECSExpressGatewayService express) =>
        write.Put(write.State.Services[express.ServiceArn!] with { Express = Documents.Write(express, EcsJsonContext.Default.ECSExpressGatewayService) });

    /// <summary>The configuration as the service's current revision runs it.</summary>
    private static ExpressGatewayServiceConfiguration Active(Service service, ExpressGatewayServiceConfiguration configuration, DateTimeOffset now)
    {
        var primary = service.Deployments!.First(d => d.Status == DeploymentStates.Primary);
        configuration.ServiceRevisionArn = ServiceRevisions.Arn(service.ServiceArn!, primary.Id!);
        configuration.IngressPaths = ExpressServices.IngressPaths(service.ServiceArn!, configuration);
        configuration.CreatedAt = now;
        return configuration;
    }

    private static ECSExpressGatewayService View(EcsState state, ECSExpressGatewayService express, bool includeTags)
    {
        var service = ServiceStore.Find(state, express.ServiceArn!)!.Service;
        express.Status = Status(service);
        express.CurrentDeployment = service.CurrentServiceDeployment;
        express.Tags = includeTags ? ResourceTagStore.Read(state, express.ServiceArn!) : null;
        return express;
    }

    private static ExpressGatewayServiceStatus Status(Service service) => new() { StatusCode = service.Status };

    private static bool SameTask(TaskDefinition built, TaskDefinition running) =>
        Documents.Write(built.ContainerDefinitions!, EcsJsonContext.Default.ListContainerDefinition).AsSpan()
            .SequenceEqual(Documents.Write(running.ContainerDefinitions!, EcsJsonContext.Default.ListContainerDefinition))
        && (built.Cpu, built.Memory, built.ExecutionRoleArn, built.TaskRoleArn) == (running.Cpu, running.Memory, running.ExecutionRoleArn, running.TaskRoleArn);

    /// <summary>A name from the image's repository and a random suffix, as ECS names an Express service you do not name.</summary>
    private static string GeneratedName(string image)
    {
        var repository = image.Split('@')[0].Split('/')[^1].Split(':')[0];
        var cleaned = NotNameCharacters().Replace(repository, "-").Trim('-');
        var head = cleaned.Length == 0 ? "express" : cleaned[..Math.Min(cleaned.Length, 200)];
        return $"{head}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8]}";
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotNameCharacters();
}
