using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Services;

/// <summary>A stored service with what only Kecs needs: the token and request fingerprint of its CreateService.</summary>
public sealed record StoredService(Service Service, string? ClientToken, string RequestHash);

/// <summary>
/// Services, one row per ARN. A service created again after it became INACTIVE reuses the ARN and so the row.
/// Counters are not stored: they are computed from tasks when read.
/// </summary>
public static class ServiceStore
{
    public const string Active = "ACTIVE";
    public const string Draining = "DRAINING";
    public const string Inactive = "INACTIVE";

    public static StoredService? Find(EcsState state, string arn) =>
        state.Services.TryGetValue(arn, out var row) ? new StoredService(Read(row), row.ClientToken, row.RequestHash) : null;

    public static Service Read(ServiceRow row) => Documents.Read(row.Document, EcsJsonContext.Default.Service);

    /// <summary>The service a request names in this cluster, or ServiceNotFoundException.</summary>
    public static Service Require(EcsState state, Cluster cluster, string? nameOrArn)
    {
        var name = ServiceReference.NameIn(cluster, Required.Value(nameOrArn, "service"));
        return (name is null ? null : Find(state, ServiceReference.Arn(cluster, name)))?.Service
               ?? throw new EcsException("ServiceNotFoundException", "Service not found.");
    }

    public static void Save(StateWrite write, Service service, string? clientToken, string requestHash, string? serviceConnectNamespace)
    {
        write.Put(new ServiceRow(service.ServiceArn!, service.ClusterArn!, service.ServiceName!, service.Status!, service.LaunchType,
            service.SchedulingStrategy!, serviceConnectNamespace, clientToken, requestHash, Documents.Write(service, EcsJsonContext.Default.Service)));
        write.Changed(ChangeKind.Service, service.ServiceArn!);
    }

    public static void Update(StateWrite write, Service service)
    {
        write.Put(write.State.Services[service.ServiceArn!] with
        {
            Status = service.Status!,
            Document = Documents.Write(service, EcsJsonContext.Default.Service),
        });
        write.Changed(ChangeKind.Service, service.ServiceArn!);
    }

    public static List<string> ListActive(
        EcsState state, string clusterArn, string? launchType, string? schedulingStrategy,
        string? resourceManagementType, string afterArn, int limit) =>
        SortedIndex.After(state.ServicesByCluster[clusterArn], afterArn)
            .Select(arn => state.Services[arn])
            .Where(row => row.Status == Active
                          && (launchType is null || row.LaunchType == launchType)
                          && (schedulingStrategy is null || row.SchedulingStrategy == schedulingStrategy)
                          && (resourceManagementType is null || (Read(row).ResourceManagementType ?? "CUSTOMER") == resourceManagementType))
            .Take(limit)
            .Select(row => row.Arn)
            .ToList();

    public static List<string> ListActiveInNamespace(
        EcsState state, EcsRequestContext context, string serviceConnectNamespace, string afterArn, int limit) =>
        ServicesOf(state, context)
            .Where(row => row.Status == Active && row.Namespace == serviceConnectNamespace && string.CompareOrdinal(row.Arn, afterArn) > 0)
            .OrderBy(row => row.Arn, StringComparer.Ordinal)
            .Take(limit)
            .Select(row => row.Arn)
            .ToList();

    public static bool NamespaceKnown(EcsState state, EcsRequestContext context, string serviceConnectNamespace) =>
        ServicesOf(state, context).Any(row => row.Namespace == serviceConnectNamespace)
        || state.Clusters.Values.Any(row => row.Region == context.Region && row.Account == context.AccountId && row.Status == "ACTIVE"
                                            && Documents.Read(row.Document, EcsJsonContext.Default.Cluster).ServiceConnectDefaults?.Namespace == serviceConnectNamespace);

    private static IEnumerable<ServiceRow> ServicesOf(EcsState state, EcsRequestContext context)
    {
        var clusterPrefix = context.Arn("cluster/");
        return state.Services.Values.Where(row => row.ClusterArn.StartsWith(clusterPrefix, StringComparison.Ordinal));
    }
}
