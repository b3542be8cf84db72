using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.CapacityProviders;

/// <summary>
/// Capacity providers: FARGATE and FARGATE_SPOT, which every account has, and those CreateCapacityProvider made, one row
/// per ARN (<c>capacity-provider/NAME</c>). A deleted one stays INACTIVE until a new one takes its name.
/// </summary>
public static class CapacityProviderStore
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string> { "FARGATE", "FARGATE_SPOT" };

    public static CapacityProvider? Find(EcsState state, string arn) =>
        state.CapacityProviders.TryGetValue(arn, out var row) ? Documents.Read(row.Document, EcsJsonContext.Default.CapacityProvider) : null;

    public static void Save(StateWrite write, CapacityProvider provider, EcsRequestContext context) =>
        write.Put(new CapacityProviderRow(provider.CapacityProviderArn!, context.Region, context.AccountId, provider.Name!, provider.Status!,
            Documents.Write(provider, EcsJsonContext.Default.CapacityProvider)));

    /// <summary>The ACTIVE providers made in the caller's region and account, by name.</summary>
    public static IEnumerable<CapacityProvider> ActiveOf(EcsState state, EcsRequestContext context) =>
        state.CapacityProviders.Values
            .Where(row => row.Region == context.Region && row.Account == context.AccountId && row.Status == Active)
            .Select(row => Documents.Read(row.Document, EcsJsonContext.Default.CapacityProvider));

    /// <summary>
    /// Checks that every named provider can be a cluster's: built in, or ACTIVE and not already another cluster's
    /// (an Auto Scaling group provider belongs to one cluster; a managed instances provider is made for one).
    /// </summary>
    public static void RequireAssociable(EcsState state, EcsRequestContext context, IEnumerable<string> names, string clusterArn)
    {
        foreach (var name in names.Where(name => !BuiltIn.Contains(name)))
        {
            if (Find(state, context.Arn($"capacity-provider/{name}")) is not { Status: Active } provider)
            {
                throw EcsException.InvalidParameter($"The specified capacity provider '{name}' does not exist.");
            }

            if (provider.Cluster is { } owner && owner != clusterArn)
            {
                throw EcsException.InvalidParameter($"The capacity provider '{name}' belongs to cluster {owner}.");
            }

            if (ClusterUsing(state, context, name) is { } other && other != clusterArn)
            {
                throw EcsException.InvalidParameter($"The capacity provider '{name}' is already associated with cluster {other}.");
            }
        }
    }

    /// <summary>Why a provider cannot be deleted now (a cluster or a service uses it), or null.</summary>
    public static string? InUse(EcsState state, EcsRequestContext context, string name)
    {
        if (ClusterUsing(state, context, name) is { } cluster)
        {
            return $"it is associated with cluster {cluster}; remove it with PutClusterCapacityProviders first";
        }

        var clusters = context.Arn("cluster/");
        return state.Services.Values.Where(row => row.Status != ServiceStore.Inactive && row.ClusterArn.StartsWith(clusters, StringComparison.Ordinal))
            .Select(ServiceStore.Read)
            .FirstOrDefault(service => service.CapacityProviderStrategy?.Any(item => item.CapacityProvider == name) == true) is { } user
            ? $"service {user.ServiceArn} uses it in its capacity provider strategy"
            : null;
    }

    /// <summary>The ARN of the ACTIVE cluster (in the caller's region and account) that has the provider, or null.</summary>
    private static string? ClusterUsing(EcsState state, EcsRequestContext context, string name) =>
        state.Clusters.Values.FirstOrDefault(row => row.Status == "ACTIVE" && row.Region == context.Region && row.Account == context.AccountId
            && Documents.Read(row.Document, EcsJsonContext.Default.Cluster).CapacityProviders?.Contains(name) == true)?.Arn;
}
