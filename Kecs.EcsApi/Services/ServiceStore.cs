using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Services;

/// <summary>A stored service with what only Kecs needs: the token and request fingerprint of its CreateService.</summary>
public sealed record StoredService(Service Service, string? ClientToken, string RequestHash);

/// <summary>
/// Services in DuckDB, one row per ARN. A service created again after it became INACTIVE reuses the
/// ARN and so the row. Counters are not stored: they are computed from tasks when read.
/// </summary>
public static class ServiceStore
{
    public const string Active = "ACTIVE";
    public const string Draining = "DRAINING";
    public const string Inactive = "INACTIVE";

    public static StoredService? Find(DuckDBConnection connection, string arn) =>
        connection.Query(
            "SELECT document, client_token, request_hash FROM services WHERE arn = $1",
            reader => new StoredService(
                Documents.Read(reader.GetString(0), EcsJsonContext.Default.Service),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2)),
            arn).SingleOrDefault();

    /// <summary>The stored services among <paramref name="arns"/>, read with one statement, by ARN.</summary>
    public static Dictionary<string, Service> FindMany(DuckDBConnection connection, IReadOnlyList<string> arns) =>
        arns.Count == 0
            ? []
            : connection.Query(
                    $"SELECT arn, document FROM services WHERE arn IN ({DuckDbCommands.Placeholders(arns.Count)})",
                    reader => (Arn: reader.GetString(0), Service: Documents.Read(reader.GetString(1), EcsJsonContext.Default.Service)),
                    [.. arns])
                .ToDictionary(row => row.Arn, row => row.Service);

    /// <summary>The service a request names in this cluster, or ServiceNotFoundException.</summary>
    public static Service Require(DuckDBConnection connection, Cluster cluster, string? nameOrArn)
    {
        var name = ServiceReference.NameIn(cluster, Required.Value(nameOrArn, "service"));
        return (name is null ? null : Find(connection, ServiceReference.Arn(cluster, name)))?.Service
               ?? throw new EcsException("ServiceNotFoundException", "Service not found.");
    }

    public static void Save(DuckDBConnection connection, Service service, string? clientToken, string requestHash, string? serviceConnectNamespace)
    {
        object?[] values =
        [
            service.ServiceArn, service.ClusterArn, service.ServiceName, service.Status, service.LaunchType,
            service.SchedulingStrategy, serviceConnectNamespace, clientToken, requestHash,
            Documents.Write(service, EcsJsonContext.Default.Service),
        ];
        var replaced = connection.Execute(
            """
            UPDATE services SET cluster_arn = $2, name = $3, status = $4, launch_type = $5, scheduling_strategy = $6,
                namespace = $7, client_token = $8, request_hash = $9, document = $10
            WHERE arn = $1
            """,
            values);
        if (replaced == 0)
        {
            connection.Execute("INSERT INTO services VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", values);
        }

        ChangeLog.Record(connection, ChangeKind.Service, service.ServiceArn!);
    }

    public static void Update(DuckDBConnection connection, Service service)
    {
        connection.Execute(
            "UPDATE services SET status = $2, document = $3 WHERE arn = $1",
            service.ServiceArn, service.Status, Documents.Write(service, EcsJsonContext.Default.Service));
        ChangeLog.Record(connection, ChangeKind.Service, service.ServiceArn!);
    }

    public static List<string> ListActive(
        DuckDBConnection connection, string clusterArn, string? launchType, string? schedulingStrategy,
        string? resourceManagementType, string afterArn, int limit) =>
        connection.Query(
            """
            SELECT arn FROM services
            WHERE cluster_arn = $1 AND status = 'ACTIVE' AND arn > $2
              AND ($3 = '' OR launch_type = $3) AND ($4 = '' OR scheduling_strategy = $4)
              AND ($5 = '' OR coalesce(json_extract_string(document, '$.resourceManagementType'), 'CUSTOMER') = $5)
            ORDER BY arn LIMIT $6
            """,
            reader => reader.GetString(0),
            clusterArn, afterArn, launchType ?? "", schedulingStrategy ?? "", resourceManagementType ?? "", limit);

    public static List<string> ListActiveInNamespace(
        DuckDBConnection connection, EcsRequestContext context, string serviceConnectNamespace, string afterArn, int limit) =>
        connection.Query(
            """
            SELECT arn FROM services
            WHERE starts_with(cluster_arn, $1) AND status = 'ACTIVE' AND namespace = $2 AND arn > $3
            ORDER BY arn LIMIT $4
            """,
            reader => reader.GetString(0),
            context.Arn("cluster/"), serviceConnectNamespace, afterArn, limit);

    public static bool NamespaceKnown(DuckDBConnection connection, EcsRequestContext context, string serviceConnectNamespace) =>
        connection.Scalar<long>(
            """
            SELECT (SELECT count(*) FROM services WHERE starts_with(cluster_arn, $1) AND namespace = $2)
                 + (SELECT count(*) FROM clusters WHERE region = $3 AND account = $4 AND status = 'ACTIVE'
                        AND json_extract_string(document, '$.serviceConnectDefaults.namespace') = $2)
            """,
            context.Arn("cluster/"), serviceConnectNamespace, context.Region, context.AccountId) > 0;
}
