using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// Clusters, one row per ARN. The stored document is the cluster's wire shape without the parts that are
/// computed when it is read (counters, statistics, tags).
/// </summary>
public static class ClusterStore
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";

    public static Cluster? Find(EcsState state, string arn) =>
        state.Clusters.TryGetValue(arn, out var row) ? Documents.Read(row.Document, EcsJsonContext.Default.Cluster) : null;

    /// <summary>The ACTIVE cluster a request names (absent means <c>default</c>), or ClusterNotFoundException.</summary>
    public static Cluster RequireActive(EcsState state, string? nameOrArn, EcsRequestContext context)
    {
        var reference = ClusterReference.Resolve(nameOrArn, context);
        return reference is not null && state.Clusters.TryGetValue(reference.Arn, out var row) && row.Status == Active
            ? Documents.Read(row.Document, EcsJsonContext.Default.Cluster)
            : throw EcsException.ClusterNotFound();
    }

    public static void Save(StateWrite write, Cluster cluster, EcsRequestContext context)
    {
        write.Put(new ClusterRow(cluster.ClusterArn!, context.Region, context.AccountId, cluster.ClusterName!, cluster.Status!,
            Documents.Write(cluster, EcsJsonContext.Default.Cluster)));
        write.Changed(ChangeKind.Cluster, cluster.ClusterArn!);
    }

    /// <summary>ARNs of ACTIVE clusters ordered by name, starting after <paramref name="afterName"/>.</summary>
    public static List<(string Arn, string Name)> ListActive(EcsState state, EcsRequestContext context, string afterName, int limit) =>
        state.Clusters.Values
            .Where(row => row.Region == context.Region && row.Account == context.AccountId && row.Status == Active
                          && string.CompareOrdinal(row.Name, afterName) > 0)
            .OrderBy(row => row.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(row => (row.Arn, row.Name))
            .ToList();
}
