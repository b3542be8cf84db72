using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Clusters;

/// <summary>CreateCluster, DescribeClusters and ListClusters.</summary>
public sealed class ClusterOperations(ClusterStore store)
{
    private const int MaxDescribe = 100;

    public static EcsOperationRegistry Map(EcsOperationRegistry operations) => operations
        .Map<ClusterOperations, CreateClusterRequest, CreateClusterResponse>("CreateCluster",
            EcsJsonContext.Default.CreateClusterRequest, EcsJsonContext.Default.CreateClusterResponse,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map<ClusterOperations, DescribeClustersRequest, DescribeClustersResponse>("DescribeClusters",
            EcsJsonContext.Default.DescribeClustersRequest, EcsJsonContext.Default.DescribeClustersResponse,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map<ClusterOperations, ListClustersRequest, ListClustersResponse>("ListClusters",
            EcsJsonContext.Default.ListClustersRequest, EcsJsonContext.Default.ListClustersResponse,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public async Task<CreateClusterResponse> CreateAsync(CreateClusterRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var reference = ClusterReference.ForName(ClusterValidation.Name(request.ClusterName), context);
        var capacityProviders = ClusterValidation.CapacityProviders(request.CapacityProviders);
        var document = new ClusterDocument
        {
            Settings = ClusterValidation.Settings(request.Settings),
            Configuration = ClusterValidation.Configuration(request.Configuration),
            CapacityProviders = capacityProviders,
            DefaultCapacityProviderStrategy = ClusterValidation.DefaultStrategy(request.DefaultCapacityProviderStrategy, capacityProviders),
        };
        var tags = TagValidation.Validate(request.Tags);

        var cluster = await store.CreateOrGetAsync(
            reference.Arn, context.Region, context.AccountId, reference.Name, document, tags, cancellation);
        return new CreateClusterResponse { Cluster = View(cluster, ClusterFields.All & ~ClusterFields.Attachments) };
    }

    public DescribeClustersResponse Describe(DescribeClustersRequest request, EcsRequestContext context)
    {
        var names = request.Clusters is { Count: > 0 } ? request.Clusters : [ClusterReference.DefaultName];
        if (names.Count > MaxDescribe)
        {
            throw EcsException.InvalidParameter($"DescribeClusters accepts at most {MaxDescribe} clusters; {names.Count} were given.");
        }

        var fields = ClusterFieldsParser.Parse(request.Include);
        var clusters = new List<Cluster>();
        var failures = new List<Failure>();
        foreach (var name in names)
        {
            var reference = ClusterReference.Resolve(name, context);
            if (reference is not null && store.Find(reference.Arn) is { } cluster)
            {
                clusters.Add(View(cluster, fields));
            }
            else
            {
                failures.Add(new Failure { Arn = reference?.Arn ?? name, Reason = "MISSING" });
            }
        }

        return new DescribeClustersResponse { Clusters = clusters, Failures = failures };
    }

    public ListClustersResponse List(ListClustersRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var rows = store.ListActive(context.Region, context.AccountId, Paging.ContinueAfter(request.NextToken), pageSize + 1);
        var page = rows.Take(pageSize).ToList();
        return new ListClustersResponse
        {
            ClusterArns = page.Select(row => row.Arn).ToList(),
            NextToken = rows.Count > pageSize ? Paging.NextToken(page[^1].Name) : null,
        };
    }

    // Kecs has no services, tasks or container instances yet, so every counter is truly zero.
    private static Cluster View(StoredCluster cluster, ClusterFields fields) => new()
    {
        ClusterArn = cluster.Arn,
        ClusterName = cluster.Name,
        Status = cluster.Status,
        Configuration = fields.HasFlag(ClusterFields.Configurations) ? cluster.Document.Configuration : null,
        Statistics = fields.HasFlag(ClusterFields.Statistics) ? [] : null,
        Tags = fields.HasFlag(ClusterFields.Tags) ? cluster.Tags : null,
        Settings = fields.HasFlag(ClusterFields.Settings) ? cluster.Document.Settings : null,
        CapacityProviders = cluster.Document.CapacityProviders,
        DefaultCapacityProviderStrategy = cluster.Document.DefaultCapacityProviderStrategy,
        Attachments = fields.HasFlag(ClusterFields.Attachments) ? [] : null,
    };
}
