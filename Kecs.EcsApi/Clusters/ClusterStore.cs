using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// Clusters in DuckDB, one row per ARN. The stored document is the cluster's wire shape without the
/// parts that are computed when it is read (counters, statistics, tags).
/// </summary>
public static class ClusterStore
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";

    public static Cluster? Find(DuckDBConnection connection, string arn)
    {
        var json = connection.Scalar<string>("SELECT document FROM clusters WHERE arn = $1", arn);
        return json is null ? null : Documents.Read(json, EcsJsonContext.Default.Cluster);
    }

    /// <summary>The ACTIVE cluster a request names (absent means <c>default</c>), or ClusterNotFoundException.</summary>
    public static Cluster RequireActive(DuckDBConnection connection, string? nameOrArn, EcsRequestContext context)
    {
        var reference = ClusterReference.Resolve(nameOrArn, context);
        return reference is not null && Find(connection, reference.Arn) is { Status: Active } cluster
            ? cluster
            : throw EcsException.ClusterNotFound();
    }

    public static void Save(DuckDBConnection connection, Cluster cluster, EcsRequestContext context)
    {
        var document = Documents.Write(cluster, EcsJsonContext.Default.Cluster);
        var updated = connection.Execute(
            "UPDATE clusters SET status = $2, document = $3 WHERE arn = $1", cluster.ClusterArn, cluster.Status, document);
        if (updated == 0)
        {
            connection.Execute(
                "INSERT INTO clusters (arn, region, account, name, status, document) VALUES ($1, $2, $3, $4, $5, $6)",
                cluster.ClusterArn, context.Region, context.AccountId, cluster.ClusterName, cluster.Status, document);
        }

        ChangeLog.Record(connection, ChangeKind.Cluster, cluster.ClusterArn!);
    }

    /// <summary>ARNs of ACTIVE clusters ordered by name, starting after <paramref name="afterName"/>.</summary>
    public static List<(string Arn, string Name)> ListActive(
        DuckDBConnection connection, EcsRequestContext context, string afterName, int limit) =>
        connection.Query(
            """
            SELECT arn, name FROM clusters
            WHERE region = $1 AND account = $2 AND status = 'ACTIVE' AND name > $3
            ORDER BY name LIMIT $4
            """,
            reader => (reader.GetString(0), reader.GetString(1)),
            context.Region, context.AccountId, afterName, limit);
}
