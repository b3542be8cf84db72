using System.Text.Json;
using DuckDB.NET.Data;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>What Kecs keeps of a cluster besides its identity, status and tags.</summary>
public sealed class ClusterDocument
{
    public List<ClusterSetting> Settings { get; init; } = [];
    public ClusterConfiguration? Configuration { get; init; }
    public List<string> CapacityProviders { get; init; } = [];
    public List<CapacityProviderStrategyItem> DefaultCapacityProviderStrategy { get; init; } = [];
}

public sealed record StoredCluster(string Arn, string Name, string Status, ClusterDocument Document, List<Tag> Tags);

/// <summary>Clusters in DuckDB, one row per ARN (so per region and account).</summary>
public sealed class ClusterStore(EcsDatabase database)
{
    public const string Active = "ACTIVE";

    public StoredCluster? Find(string arn) => database.Read(connection => Find(connection, arn));

    /// <summary>
    /// Creates the cluster, or returns it unchanged when an ACTIVE cluster of that name exists already
    /// (CreateCluster is idempotent). An INACTIVE cluster of that name comes back ACTIVE with the new settings.
    /// </summary>
    public Task<StoredCluster> CreateOrGetAsync(
        string arn, string region, string account, string name, ClusterDocument document, List<Tag> tags,
        CancellationToken cancellation) =>
        database.WriteAsync(connection =>
        {
            if (Find(connection, arn) is { Status: Active } existing)
            {
                return existing;
            }

            connection.Execute("DELETE FROM clusters WHERE arn = $1", arn);
            connection.Execute(
                "INSERT INTO clusters (arn, region, account, name, status, document) VALUES ($1, $2, $3, $4, $5, $6)",
                arn, region, account, name, Active, JsonSerializer.Serialize(document, EcsJsonContext.Default.ClusterDocument));
            ResourceTagStore.Replace(connection, arn, tags);
            return new StoredCluster(arn, name, Active, document, tags);
        }, cancellation);

    /// <summary>ARNs of ACTIVE clusters ordered by name, starting after <paramref name="afterName"/>.</summary>
    public List<(string Arn, string Name)> ListActive(string region, string account, string afterName, int limit) =>
        database.Read(connection => connection.Query(
            """
            SELECT arn, name FROM clusters
            WHERE region = $1 AND account = $2 AND status = 'ACTIVE' AND name > $3
            ORDER BY name LIMIT $4
            """,
            reader => (reader.GetString(0), reader.GetString(1)),
            region, account, afterName, limit));

    private static StoredCluster? Find(DuckDBConnection connection, string arn)
    {
        var row = connection.Query(
            "SELECT name, status, document FROM clusters WHERE arn = $1",
            reader => (Name: reader.GetString(0), Status: reader.GetString(1), Document: reader.GetString(2)),
            arn).SingleOrDefault();
        return row.Name is null
            ? null
            : new StoredCluster(
                arn,
                row.Name,
                row.Status,
                JsonSerializer.Deserialize(row.Document, EcsJsonContext.Default.ClusterDocument)!,
                ResourceTagStore.Read(connection, arn));
    }
}
