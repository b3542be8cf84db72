using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Daemons;

/// <summary>
/// Create, update, delete, describe and list daemons. A daemon runs one task of its target revision on every container
/// instance of its capacity providers; Kubernetes is the capacity behind every provider, so that is every node. The
/// Scheduler places, replaces and rolls out the tasks; each write here starts a deployment it converges.
/// </summary>
public sealed class DaemonOperations(EcsStore store, TimeProvider clock)
{
    public static void Map(EcsOperationRegistry operations) => operations.For<DaemonOperations>()
        .Map(EcsOperations.CreateDaemon,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.UpdateDaemon,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.DeleteDaemon,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct))
        .Map(EcsOperations.DescribeDaemon,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListDaemons,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public async Task<CreateDaemonResponse> CreateAsync(CreateDaemonRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var name = DaemonRequests.ValidName(request.DaemonName);
        var configuration = DaemonRequests.Configuration(request.DeploymentConfiguration);
        var propagateTags = DaemonRequests.PropagateTags(request.PropagateTags);
        var tags = TagValidation.Validate(request.Tags);
        ServiceValidation.Tokens(request.ClientToken);
        var requestHash = RequestFingerprint.Of(request, EcsOperations.CreateDaemon.Request);
        var daemon = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.ClusterArn, context);
            var arn = context.Arn($"daemon/{cluster.ClusterName}/{name}");
            if (DaemonStore.Find(write.State, arn) is { Status: not StoredDaemon.Deleted } existing)
            {
                return request.ClientToken is not null && existing.ClientToken == request.ClientToken && existing.RequestHash == requestHash
                    ? existing
                    : throw EcsException.InvalidParameter($"A daemon named {name} already exists in cluster {cluster.ClusterName}.");
            }

            var definition = DaemonRequests.UsableDefinition(write.State, request.DaemonTaskDefinitionArn, context);
            var now = clock.GetUtcNow();
            var created = new StoredDaemon
            {
                DaemonArn = arn,
                Name = name,
                ClusterArn = cluster.ClusterArn!,
                Status = DaemonStore.Active,
                CreatedAt = now,
                UpdatedAt = now,
                CapacityProviderArns = DaemonRequests.CapacityProviders(write.State, request.CapacityProviderArns, cluster, context),
                ClientToken = request.ClientToken,
                RequestHash = requestHash,
            };
            DaemonDeployments.AddRevision(created, definition, propagateTags, request.EnableECSManagedTags ?? false, request.EnableExecuteCommand ?? false, now);
            DaemonDeployments.Start(created, [], configuration, now);
            DaemonStore.Save(write, created);
            ResourceTagStore.Replace(write, arn, tags);
            return created;
        }, cancellation);
        return new CreateDaemonResponse
        {
            DaemonArn = daemon.DaemonArn, Status = daemon.Status, CreatedAt = daemon.CreatedAt, DeploymentArn = daemon.Deployments[0].DaemonDeploymentArn,
        };
    }

    public async Task<UpdateDaemonResponse> UpdateAsync(UpdateDaemonRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var configuration = DaemonRequests.Configuration(request.DeploymentConfiguration);
        var propagateTags = DaemonRequests.PropagateTags(request.PropagateTags);
        var daemon = await store.WriteAsync(write =>
        {
            var daemon = RequireActive(write.State, request.DaemonArn, context, "updated");
            var cluster = ClusterStore.Find(write.State, daemon.ClusterArn)!;
            var definition = DaemonRequests.UsableDefinition(write.State, request.DaemonTaskDefinitionArn, context);
            daemon.CapacityProviderArns = DaemonRequests.CapacityProviders(write.State, request.CapacityProviderArns, cluster, context);
            var running = RunningRevisions(write.State, daemon);
            var now = clock.GetUtcNow();
            DaemonDeployments.AddRevision(daemon, definition, propagateTags, request.EnableECSManagedTags ?? false, request.EnableExecuteCommand ?? false, now);
            DaemonDeployments.Start(daemon, running, configuration, now);
            DaemonStore.Save(write, daemon);
            return daemon;
        }, cancellation);
        return new UpdateDaemonResponse
        {
            DaemonArn = daemon.DaemonArn, Status = daemon.Status, CreatedAt = daemon.CreatedAt, UpdatedAt = daemon.UpdatedAt,
            DeploymentArn = daemon.LatestDeployment.DaemonDeploymentArn,
        };
    }

    public async Task<DeleteDaemonResponse> DeleteAsync(DeleteDaemonRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var daemon = await store.WriteAsync(write =>
        {
            var daemon = RequireActive(write.State, request.DaemonArn, context, "deleted");
            var running = RunningRevisions(write.State, daemon);
            daemon.Status = DaemonStore.DeleteInProgress;
            daemon.TargetRevisionArn = null;
            DaemonDeployments.Start(daemon, running, daemon.LatestDeployment.DeploymentConfiguration!, clock.GetUtcNow());
            DaemonStore.Save(write, daemon);
            return daemon;
        }, cancellation);
        return new DeleteDaemonResponse
        {
            DaemonArn = daemon.DaemonArn, Status = daemon.Status, CreatedAt = daemon.CreatedAt, UpdatedAt = daemon.UpdatedAt,
            DeploymentArn = daemon.LatestDeployment.DaemonDeploymentArn,
        };
    }

    public DescribeDaemonResponse Describe(DescribeDaemonRequest request, EcsRequestContext context) =>
        store.Read(state => new DescribeDaemonResponse { Daemon = DaemonView.Detail(state, DaemonStore.Require(state, request.DaemonArn, context)) });

    public ListDaemonsResponse List(ListDaemonsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        var providers = request.CapacityProviderArns?.Select(value => value.StartsWith("arn:", StringComparison.Ordinal) ? value : context.Arn($"capacity-provider/{value}"))
            .ToHashSet();
        var daemons = store.Read(state =>
        {
            var clusterArn = request.ClusterArn is null ? null : ClusterStore.RequireActive(state, request.ClusterArn, context).ClusterArn;
            return DaemonStore.Listed(state, context, clusterArn)
                .Where(daemon => providers is null || daemon.CapacityProviderArns.Any(providers.Contains))
                .Where(daemon => string.CompareOrdinal(daemon.DaemonArn, after) > 0)
                .OrderBy(daemon => daemon.DaemonArn, StringComparer.Ordinal)
                .Take(pageSize + 1)
                .ToList();
        });
        var page = daemons.Take(pageSize).ToList();
        return new ListDaemonsResponse
        {
            DaemonSummariesList = page.Select(daemon => new DaemonSummary
            {
                DaemonArn = daemon.DaemonArn, Status = daemon.Status, CreatedAt = daemon.CreatedAt, UpdatedAt = daemon.UpdatedAt,
            }).ToList(),
            NextToken = daemons.Count > pageSize ? Paging.NextToken(page[^1].DaemonArn) : null,
        };
    }

    private static StoredDaemon RequireActive(EcsState state, string? arn, EcsRequestContext context, string what)
    {
        var daemon = DaemonStore.Require(state, arn, context);
        return daemon.Status == DaemonStore.Active
            ? daemon
            : throw new EcsException("DaemonNotActiveException", $"The daemon {daemon.DaemonArn} is {daemon.Status} and cannot be {what}.");
    }

    private static List<string> RunningRevisions(EcsState state, StoredDaemon daemon) =>
        DaemonStore.LiveTasks(state, daemon).Select(task => task.StartedBy!).Distinct()
            .Select(id => daemon.Revisions.FirstOrDefault(r => StoredDaemon.IdOf(r.DaemonRevisionArn!) == id)?.DaemonRevisionArn)
            .Append(daemon.TargetRevisionArn)
            .OfType<string>()
            .ToList();
}
