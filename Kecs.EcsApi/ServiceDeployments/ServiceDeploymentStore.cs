using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
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

/// <summary>Service deployments and service revisions: the history behind the deployment APIs.</summary>
public static class ServiceDeploymentStore
{
    public static void Insert(StateWrite write, StoredServiceDeployment stored) =>
        write.Put(new ServiceDeploymentRow(stored.Arn, stored.Document.ServiceArn!, write.State.LastDeploymentPosition + 1,
            stored.Document.CreatedAt!.Value, stored.Document.Status!, stored.TargetDeploymentId, stored.RollbackDeploymentId,
            Documents.Write(stored.Document, EcsJsonContext.Default.ServiceDeployment)));

    public static void Update(StateWrite write, StoredServiceDeployment stored) =>
        write.Put(write.State.ServiceDeployments[stored.Arn] with
        {
            Status = stored.Document.Status!,
            RollbackDeploymentId = stored.RollbackDeploymentId,
            Document = Documents.Write(stored.Document, EcsJsonContext.Default.ServiceDeployment),
        });

    public static StoredServiceDeployment? Find(EcsState state, string arn) =>
        state.ServiceDeployments.TryGetValue(arn, out var row) ? Read(row) : null;

    /// <summary>The service deployment that rolls out, or rolls back with, a <c>deployments[]</c> entry.</summary>
    public static StoredServiceDeployment? FindByDeployment(EcsState state, string serviceArn, string deploymentId) =>
        RowsOf(state, serviceArn)
            .Where(row => row.TargetDeploymentId == deploymentId || row.RollbackDeploymentId == deploymentId)
            .MaxBy(row => row.Position) is { } found
            ? Read(found)
            : null;

    public static List<StoredServiceDeployment> Ongoing(EcsState state, string serviceArn) =>
        RowsOf(state, serviceArn)
            .Where(row => ServiceDeploymentStatus.IsOngoing(row.Status))
            .OrderBy(row => row.Position)
            .Select(Read)
            .ToList();

    /// <summary>A page of a service's deployments, newest first, with their positions to continue after.</summary>
    public static List<(long Position, StoredServiceDeployment Stored)> List(
        EcsState state, string serviceArn, IReadOnlyList<string> statuses, DateTimeOffset? createdAfter,
        DateTimeOffset? createdBefore, long beforePosition, int limit) =>
        RowsOf(state, serviceArn)
            .Where(row => row.Position < beforePosition
                          && (statuses.Count == 0 || statuses.Contains(row.Status))
                          && (createdAfter is null || row.CreatedAt >= createdAfter)
                          && (createdBefore is null || row.CreatedAt <= createdBefore))
            .OrderByDescending(row => row.Position)
            .Take(limit)
            .Select(row => (row.Position, Read(row)))
            .ToList();

    public static void InsertRevision(StateWrite write, ServiceRevision revision) =>
        write.Put(new ServiceRevisionRow(revision.ServiceRevisionArn!, revision.ServiceArn!,
            Documents.Write(revision, EcsJsonContext.Default.ServiceRevision)));

    public static ServiceRevision? FindRevision(EcsState state, string arn) =>
        state.ServiceRevisions.TryGetValue(arn, out var row) ? Documents.Read(row.Document, EcsJsonContext.Default.ServiceRevision) : null;

    /// <summary>ECS deletes a service's deployments and revisions with the service.</summary>
    public static void DeleteForService(StateWrite write, string serviceArn)
    {
        foreach (var row in RowsOf(write.State, serviceArn).ToList())
        {
            write.Delete(row);
        }

        foreach (var arn in write.State.RevisionsByService[serviceArn])
        {
            write.Delete(write.State.ServiceRevisions[arn]);
        }
    }

    private static IEnumerable<ServiceDeploymentRow> RowsOf(EcsState state, string serviceArn) =>
        state.DeploymentsByService[serviceArn].Select(arn => state.ServiceDeployments[arn]);

    private static StoredServiceDeployment Read(ServiceDeploymentRow row) =>
        new(Documents.Read(row.Document, EcsJsonContext.Default.ServiceDeployment), row.TargetDeploymentId, row.RollbackDeploymentId);
}
