using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Clusters;

/// <summary>Create, describe, list, update and delete clusters.</summary>
public sealed class ClusterOperations(EcsStore store)
{
    private const int MaxDescribe = 100;


    public static void Map(EcsOperationRegistry operations) => operations.For<ClusterOperations>()
        .Map(EcsOperations.CreateCluster,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.DescribeClusters,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListClusters,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.DeleteCluster,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct))
        .Map(EcsOperations.UpdateCluster,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.UpdateClusterSettings,
            static (ops, request, context, ct) => ops.UpdateSettingsAsync(request, context, ct))
        .Map(EcsOperations.PutClusterCapacityProviders,
            static (ops, request, context, ct) => ops.PutCapacityProvidersAsync(request, context, ct));

    public async Task<CreateClusterResponse> CreateAsync(CreateClusterRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var reference = ClusterReference.ForName(ClusterValidation.Name(request.ClusterName), context);
        var capacityProviders = ClusterValidation.CapacityProviders(request.CapacityProviders);
        var created = new Cluster
        {
            ClusterArn = reference.Arn,
            ClusterName = reference.Name,
            Status = ClusterStore.Active,
            Settings = ClusterValidation.Settings(request.Settings),
            Configuration = ClusterValidation.Configuration(request.Configuration),
            CapacityProviders = capacityProviders,
            DefaultCapacityProviderStrategy = ClusterValidation.DefaultStrategy(request.DefaultCapacityProviderStrategy, capacityProviders),
            ServiceConnectDefaults = ClusterValidation.ServiceConnectDefaults(request.ServiceConnectDefaults),
        };
        var tags = TagValidation.Validate(request.Tags);

        var cluster = await store.WriteAsync(write =>
        {
            // CreateCluster is idempotent: an ACTIVE cluster of that name comes back unchanged.
            if (ClusterStore.Find(write.State, reference.Arn) is { Status: ClusterStore.Active } existing)
            {
                return Changed(write.State, existing);
            }

            CapacityProviderStore.RequireAssociable(write.State, context, capacityProviders, reference.Arn);
            ClusterStore.Save(write, created, context);
            ResourceTagStore.Replace(write, reference.Arn, tags);
            return Changed(write.State, created);
        }, cancellation);
        return new CreateClusterResponse { Cluster = cluster };
    }

    public DescribeClustersResponse Describe(DescribeClustersRequest request, EcsRequestContext context)
    {
        var names = request.Clusters is { Count: > 0 } ? request.Clusters : [ClusterReference.DefaultName];
        if (names.Count > MaxDescribe)
        {
            throw EcsException.InvalidParameter($"DescribeClusters accepts at most {MaxDescribe} clusters; {names.Count} were given.");
        }

        var fields = ClusterFieldsParser.Parse(request.Include);
        return store.Read(state =>
        {
            var response = new DescribeClustersResponse { Clusters = [], Failures = [] };
            foreach (var name in names)
            {
                var reference = ClusterReference.Resolve(name, context);
                if (reference is not null && ClusterStore.Find(state, reference.Arn) is { } cluster)
                {
                    response.Clusters.Add(ClusterView.Of(state, cluster, fields));
                }
                else
                {
                    response.Failures.Add(new Failure { Arn = reference?.Arn ?? name, Reason = "MISSING" });
                }
            }

            return response;
        });
    }

    public ListClustersResponse List(ListClustersRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var after = Paging.ContinueAfter(request.NextToken);
        var rows = store.Read(state => ClusterStore.ListActive(state, context, after, pageSize + 1));
        var page = rows.Take(pageSize).ToList();
        return new ListClustersResponse
        {
            ClusterArns = page.Select(row => row.Arn).ToList(),
            NextToken = rows.Count > pageSize ? Paging.NextToken(page[^1].Name) : null,
        };
    }

    public async Task<DeleteClusterResponse> DeleteAsync(DeleteClusterRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var reference = ClusterReference.Resolve(Required.Value(request.Cluster, "cluster"), context) ?? throw EcsException.ClusterNotFound();
        var cluster = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.Find(write.State, reference.Arn) ?? throw EcsException.ClusterNotFound();
            if (cluster.Status == ClusterStore.Inactive)
            {
                return Changed(write.State, cluster);
            }

            var counts = write.State.CountsOf(cluster.ClusterArn!);
            if (counts.ActiveServices + counts.DrainingServices > 0)
            {
                throw new EcsException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
            }

            if (counts.LiveTasks > 0)
            {
                throw new EcsException("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
            }

            cluster.Status = ClusterStore.Inactive;
            ClusterStore.Save(write, cluster, context);
            return Changed(write.State, cluster);
        }, cancellation);
        return new DeleteClusterResponse { Cluster = cluster };
    }

    public async Task<UpdateClusterResponse> UpdateAsync(UpdateClusterRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var settings = request.Settings is null ? null : ClusterValidation.Settings(request.Settings);
        var configuration = ClusterValidation.Configuration(request.Configuration);
        var serviceConnectDefaults = ClusterValidation.ServiceConnectDefaults(request.ServiceConnectDefaults);
        var cluster = await ChangeAsync(request.Cluster, context, cluster =>
        {
            cluster.Settings = settings is null ? cluster.Settings : ClusterValidation.Merge(cluster.Settings, settings);
            cluster.Configuration = configuration ?? cluster.Configuration;
            cluster.ServiceConnectDefaults = serviceConnectDefaults ?? cluster.ServiceConnectDefaults;
        }, cancellation);
        return new UpdateClusterResponse { Cluster = cluster };
    }

    public async Task<UpdateClusterSettingsResponse> UpdateSettingsAsync(
        UpdateClusterSettingsRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var settings = ClusterValidation.Settings(Required.Value(request.Settings, "settings"));
        var cluster = await ChangeAsync(request.Cluster, context,
            cluster => cluster.Settings = ClusterValidation.Merge(cluster.Settings, settings), cancellation);
        return new UpdateClusterSettingsResponse { Cluster = cluster };
    }

    public async Task<PutClusterCapacityProvidersResponse> PutCapacityProvidersAsync(
        PutClusterCapacityProvidersRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var providers = ClusterValidation.CapacityProviders(Required.Value(request.CapacityProviders, "capacityProviders"));
        var strategy = ClusterValidation.DefaultStrategy(
            Required.Value(request.DefaultCapacityProviderStrategy, "defaultCapacityProviderStrategy"), providers);
        var cluster = await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, Required.Value(request.Cluster, "cluster"), context);
            CapacityProviderStore.RequireAssociable(write.State, context, providers, cluster.ClusterArn!);
            foreach (var removed in (cluster.CapacityProviders ?? []).Except(providers))
            {
                if (CapacityProviderInUse(write.State, cluster.ClusterArn!, removed))
                {
                    throw new EcsException("ResourceInUseException", "The specified capacity provider is in use and cannot be removed.");
                }
            }

            cluster.CapacityProviders = providers;
            cluster.DefaultCapacityProviderStrategy = strategy;
            ClusterStore.Save(write, cluster, context);
            return Changed(write.State, cluster);
        }, cancellation);
        return new PutClusterCapacityProvidersResponse { Cluster = cluster };
    }

    private Task<Cluster> ChangeAsync(string? nameOrArn, EcsRequestContext context, Action<Cluster> change, CancellationToken cancellation) =>
        store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, Required.Value(nameOrArn, "cluster"), context);
            change(cluster);
            ClusterStore.Save(write, cluster, context);
            return Changed(write.State, cluster);
        }, cancellation);

    // What ECS returns from the calls that change a cluster: tags, settings and configuration, and
    // an empty statistics list (statistics come only from DescribeClusters).
    private static Cluster Changed(EcsState state, Cluster cluster)
    {
        var view = ClusterView.Of(state, Documents.Copy(cluster, EcsJsonContext.Default.Cluster), ClusterFields.Tags | ClusterFields.Settings | ClusterFields.Configurations);
        view.Statistics = [];
        return view;
    }

    /// <summary>A service of the cluster has the provider in its strategy, or a task that has not stopped runs on it.</summary>
    private static bool CapacityProviderInUse(EcsState state, string clusterArn, string provider) =>
        state.ServicesByCluster[clusterArn]
            .Select(arn => state.Services[arn])
            .Where(row => row.Status != ServiceStore.Inactive)
            .Any(row => Documents.Read(row.Document, EcsJsonContext.Default.Service).CapacityProviderStrategy?
                .Any(item => item.CapacityProvider == provider) == true)
        || TaskStore.LiveIn(state, clusterArn).Any(row => TaskStore.Read(row).CapacityProviderName == provider);
}
