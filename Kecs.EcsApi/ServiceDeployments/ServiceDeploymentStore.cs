using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>
/// A stored service deployment: its wire shape, the <c>deployments[]</c> id it rolls out and, once it
/// rolls back, the id of the deployment that runs the rollback.
/// </summary>
public sealed record StoredServiceDeployment(ServiceDeployment Document, string TargetDeploymentId, string? RollbackDeploymentId)
{
    public string Arn => Document.ServiceDeploymentArn!;
}

/// <summary>Service deployments and service revisions in DuckDB: the history behind the deployment APIs.</summary>
public static class ServiceDeploymentStore
{
    private const string Columns = "document, target_deployment_id, rollback_deployment_id";

    public static void Insert(DuckDBConnection connection, StoredServiceDeployment stored) =>
        connection.Execute(
            "INSERT INTO service_deployments VALUES ($1, $2, nextval('service_deployment_position'), $3, $4, $5, $6, $7)",
            stored.Arn, stored.Document.ServiceArn, stored.Document.CreatedAt, stored.Document.Status,
            stored.TargetDeploymentId, stored.RollbackDeploymentId, Documents.Write(stored.Document, EcsJsonContext.Default.ServiceDeployment));

    public static void Update(DuckDBConnection connection, StoredServiceDeployment stored) =>
        connection.Execute(
            "UPDATE service_deployments SET status = $2, rollback_deployment_id = $3, document = $4 WHERE arn = $1",
            stored.Arn, stored.Document.Status, stored.RollbackDeploymentId,
            Documents.Write(stored.Document, EcsJsonContext.Default.ServiceDeployment));

    public static StoredServiceDeployment? Find(DuckDBConnection connection, string arn) =>
        connection.Query($"SELECT {Columns} FROM service_deployments WHERE arn = $1", Read, arn).SingleOrDefault();

    /// <summary>The service deployment that rolls out, or rolls back with, a <c>deployments[]</c> entry.</summary>
    public static StoredServiceDeployment? FindByDeployment(DuckDBConnection connection, string serviceArn, string deploymentId) =>
        connection.Query(
            $"""
            SELECT {Columns} FROM service_deployments
            WHERE service_arn = $1 AND (target_deployment_id = $2 OR rollback_deployment_id = $2)
            ORDER BY position DESC LIMIT 1
            """,
            Read, serviceArn, deploymentId).SingleOrDefault();

    public static List<StoredServiceDeployment> Ongoing(DuckDBConnection connection, string serviceArn) =>
        connection.Query(
            $"SELECT {Columns} FROM service_deployments WHERE service_arn = $1 AND status IN ({InList(ServiceDeploymentStatus.Ongoing)}) ORDER BY position",
            Read, serviceArn);

    /// <summary>A page of a service's deployments, newest first, with their positions to continue after; statuses must be valid values.</summary>
    public static List<(long Position, StoredServiceDeployment Stored)> List(
        DuckDBConnection connection, string serviceArn, IReadOnlyList<string> statuses, DateTimeOffset? createdAfter,
        DateTimeOffset? createdBefore, long beforePosition, int limit) =>
        connection.Query(
            $"""
            SELECT position, {Columns} FROM service_deployments
            WHERE service_arn = $1 AND position < $2
              AND {(statuses.Count == 0 ? "true" : $"status IN ({InList(statuses)})")}
              AND ($3::TIMESTAMPTZ IS NULL OR created_at >= $3) AND ($4::TIMESTAMPTZ IS NULL OR created_at <= $4)
            ORDER BY position DESC LIMIT $5
            """,
            reader => (reader.GetInt64(0), Read(reader, offset: 1)),
            serviceArn, beforePosition, createdAfter, createdBefore, limit);

    public static void InsertRevision(DuckDBConnection connection, ServiceRevision revision) =>
        connection.Execute(
            "INSERT INTO service_revisions VALUES ($1, $2, $3)",
            revision.ServiceRevisionArn, revision.ServiceArn, Documents.Write(revision, EcsJsonContext.Default.ServiceRevision));

    public static ServiceRevision? FindRevision(DuckDBConnection connection, string arn) =>
        connection.Query(
            "SELECT document FROM service_revisions WHERE arn = $1",
            reader => Documents.Read(reader.GetString(0), EcsJsonContext.Default.ServiceRevision),
            arn).SingleOrDefault();

    /// <summary>ECS deletes a service's deployments and revisions with the service.</summary>
    public static void DeleteForService(DuckDBConnection connection, string serviceArn)
    {
        connection.Execute("DELETE FROM service_deployments WHERE service_arn = $1", serviceArn);
        connection.Execute("DELETE FROM service_revisions WHERE service_arn = $1", serviceArn);
    }

    // Only ever given ServiceDeploymentStatus values, never request text.
    private static string InList(IEnumerable<string> statuses) =>
        string.Join(", ", statuses.Select(status => $"'{ServiceDeploymentStatus.All.Single(known => known == status)}'"));

    private static StoredServiceDeployment Read(DuckDBDataReader reader) => Read(reader, offset: 0);

    private static StoredServiceDeployment Read(DuckDBDataReader reader, int offset) => new(
        Documents.Read(reader.GetString(offset), EcsJsonContext.Default.ServiceDeployment),
        reader.GetString(offset + 1),
        reader.IsDBNull(offset + 2) ? null : reader.GetString(offset + 2));
}
