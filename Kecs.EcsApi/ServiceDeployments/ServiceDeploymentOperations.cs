using System.Globalization;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>
/// The service deployment APIs, backed by the history <see cref="ServiceDeploymentHistory"/> keeps:
/// list and describe service deployments, describe service revisions, and stop a deployment by
/// rolling it back.
/// </summary>
public sealed class ServiceDeploymentOperations(EcsStore store, TimeProvider clock)
{
    private const int MaxDescribe = 20;

    public static void Map(EcsOperationRegistry operations) => operations.For<ServiceDeploymentOperations>()
        .Map(EcsOperations.ListServiceDeployments,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.DescribeServiceDeployments,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.DescribeServiceRevisions,
            static (ops, request, context, _) => Task.FromResult(ops.DescribeRevisions(request, context)))
        .Map(EcsOperations.StopServiceDeployment,
            static (ops, request, context, ct) => ops.StopAsync(request, context, ct))
        .Map(EcsOperations.ContinueServiceDeployment,
            static (ops, request, context, ct) => ops.ContinueAsync(request, context, ct));

    public ListServiceDeploymentsResponse List(ListServiceDeploymentsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 20, largestSize: 100);
        var continueAfter = Paging.ContinueAfter(request.NextToken);
        var beforePosition = continueAfter == "" ? long.MaxValue : long.Parse(continueAfter, CultureInfo.InvariantCulture);
        var statuses = (request.Status ?? []).Select(status => EnumValue.Require(status, ServiceDeploymentStatus.All, "status")).ToList();
        var rows = store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var service = ServiceStore.Require(state, cluster, request.Service);
            return ServiceDeploymentStore.List(state, service.ServiceArn!, statuses,
                request.CreatedAt?.After, request.CreatedAt?.Before, beforePosition, pageSize + 1);
        });
        return new ListServiceDeploymentsResponse
        {
            ServiceDeployments = rows.Take(pageSize).Select(row => Brief(row.Stored.Document)).ToList(),
            NextToken = rows.Count > pageSize ? Paging.NextToken(rows[pageSize - 1].Position.ToString(CultureInfo.InvariantCulture)) : null,
        };
    }

    public DescribeServiceDeploymentsResponse Describe(DescribeServiceDeploymentsRequest request, EcsRequestContext context)
    {
        var arns = Limited(request.ServiceDeploymentArns, "serviceDeploymentArns");
        var (found, failures) = store.Read(state => Lookup(arns, context, arn =>
        {
            var document = ServiceDeploymentStore.Find(state, arn)?.Document;
            if (ServiceDeploymentStatus.IsOngoing(document?.Status))
            {
                ServiceDeploymentHistory.Refresh(state, ServiceStore.Find(state, document!.ServiceArn!)?.Service, document);
            }

            return document;
        }));
        return new DescribeServiceDeploymentsResponse { ServiceDeployments = found, Failures = failures };
    }

    public DescribeServiceRevisionsResponse DescribeRevisions(DescribeServiceRevisionsRequest request, EcsRequestContext context)
    {
        var arns = Limited(request.ServiceRevisionArns, "serviceRevisionArns");
        var (found, failures) = store.Read(state => Lookup(arns, context, arn => ServiceDeploymentStore.FindRevision(state, arn)));
        return new DescribeServiceRevisionsResponse { ServiceRevisions = found, Failures = failures };
    }

    public async Task<StopServiceDeploymentResponse> StopAsync(
        StopServiceDeploymentRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var arn = EcsArn.InAccount(Required.Value(request.ServiceDeploymentArn, "serviceDeploymentArn"), context.AccountId);
        if (EnumValue.Require(request.StopType ?? "ROLLBACK", ["ABORT", "ROLLBACK"], "stopType") == "ABORT")
        {
            throw EcsException.InvalidParameter("stopType ABORT is for blue/green deployments; a rolling deployment can only be stopped with ROLLBACK.");
        }

        await store.WriteAsync(write =>
        {
            var stored = ServiceDeploymentStore.Find(write.State, arn)
                         ?? throw new EcsException("ServiceDeploymentNotFoundException", $"The service deployment {arn} does not exist.");
            var status = stored.Document.Status;
            if (status is ServiceDeploymentStatus.StopRequested or ServiceDeploymentStatus.RollbackRequested or ServiceDeploymentStatus.RollbackInProgress)
            {
                return 0;
            }

            var (service, failing) = RollingOut(write.State, stored, "stopped");
            var target = DeploymentRollback.Target(service)
                         ?? throw Conflict(arn, $"The service deployment {arn} has no earlier completed service revision to roll back to.");
            var now = clock.GetUtcNow();
            failing.RolloutState = DeploymentStates.Failed;
            failing.RolloutStateReason = $"ECS deployment {failing.Id} was stopped with a rollback.";
            DeploymentRollback.Start(write, service, failing, target, "StopServiceDeployment requested a rollback.", byCircuitBreaker: false, now);
            ServiceStore.Update(write, service);
            return 0;
        }, cancellation);
        return new StopServiceDeploymentResponse { ServiceDeploymentArn = arn };
    }

    /// <summary>ContinueServiceDeployment: resolves a waiting lifecycle hook, continuing the deployment or rolling it back.</summary>
    public async Task<ContinueServiceDeploymentResponse> ContinueAsync(
        ContinueServiceDeploymentRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var arn = EcsArn.InAccount(Required.Value(request.ServiceDeploymentArn, "serviceDeploymentArn"), context.AccountId);
        var hookId = Required.Value(request.HookId, "hookId");
        var action = EnumValue.Require(request.Action ?? ServiceDeploymentLifecycle.Continue,
            [ServiceDeploymentLifecycle.Continue, ServiceDeploymentLifecycle.Rollback], "action");
        await store.WriteAsync(write =>
        {
            var stored = ServiceDeploymentStore.Find(write.State, arn)
                         ?? throw new EcsException("ServiceDeploymentNotFoundException", $"The service deployment {arn} does not exist.");
            var (service, primary) = RollingOut(write.State, stored, "continued");
            var now = clock.GetUtcNow();
            var rollBack = ServiceDeploymentLifecycle.Resolve(stored.Document, service, hookId, action, now);
            ServiceDeploymentStore.Update(write, stored);
            if (rollBack && !DeploymentRollback.TryStart(write, service, primary, $"Lifecycle hook {hookId} asked for a rollback.", now))
            {
                throw Conflict(arn, $"The service deployment {arn} has no earlier completed service revision to roll back to.");
            }

            ServiceStore.Update(write, service);
            return 0;
        }, cancellation);
        return new ContinueServiceDeploymentResponse { ServiceDeploymentArn = arn };
    }

    /// <summary>The ACTIVE service and the PRIMARY deployment a PENDING or IN_PROGRESS service deployment rolls out, or ConflictException.</summary>
    private static (Service Service, Deployment Primary) RollingOut(EcsState state, StoredServiceDeployment stored, string verb)
    {
        var status = stored.Document.Status;
        return status is ServiceDeploymentStatus.Pending or ServiceDeploymentStatus.InProgress
               && ServiceStore.Find(state, stored.Document.ServiceArn!)?.Service is { Status: ServiceStore.Active } service
               && service.Deployments?.FirstOrDefault(d => d.Id == stored.TargetDeploymentId && d.Status == DeploymentStates.Primary) is { } primary
            ? (service, primary)
            : throw Conflict(stored.Arn, $"The service deployment {stored.Arn} is {status}; only a PENDING or IN_PROGRESS service deployment can be {verb}.");
    }

    private static List<string> Limited(List<string>? arns, string member)
    {
        var given = Required.Value(arns, member);
        return given.Count is >= 1 and <= MaxDescribe
            ? given
            : throw EcsException.InvalidParameter($"{member} must list between 1 and {MaxDescribe} ARNs; {given.Count} were given.");
    }

    /// <summary>What each ARN names, in order, and a MISSING failure for each that names nothing.</summary>
    private static (List<T> Found, List<Failure> Failures) Lookup<T>(List<string> arns, EcsRequestContext context, Func<string, T?> find)
        where T : class
    {
        var found = new List<T>();
        var failures = new List<Failure>();
        foreach (var arn in arns)
        {
            if (find(EcsArn.InAccount(arn, context.AccountId)) is { } item)
            {
                found.Add(item);
            }
            else
            {
                failures.Add(new Failure { Arn = arn, Reason = "MISSING" });
            }
        }

        return (found, failures);
    }

    private static EcsException Conflict(string arn, string message) => new("ConflictException", message, resourceIds: [arn]);

    private static ServiceDeploymentBrief Brief(ServiceDeployment deployment) => new()
    {
        ServiceDeploymentArn = deployment.ServiceDeploymentArn,
        ServiceArn = deployment.ServiceArn,
        ClusterArn = deployment.ClusterArn,
        StartedAt = deployment.StartedAt,
        CreatedAt = deployment.CreatedAt,
        FinishedAt = deployment.FinishedAt,
        TargetServiceRevisionArn = deployment.TargetServiceRevision?.Arn,
        Status = deployment.Status,
        StatusReason = deployment.StatusReason,
    };
}
