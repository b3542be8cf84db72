using System.Security.Cryptography;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>
/// Keeps a service's deployment history in step with its <c>deployments[]</c>: a new PRIMARY begins a
/// service deployment (IN_PROGRESS, stopping one still going on), a completed rollout makes it
/// SUCCESSFUL (ROLLBACK_SUCCESSFUL when it was the rollback that completed), the circuit breaker without
/// rollback STOPS it, and a rollback moves it to ROLLBACK_IN_PROGRESS. Counts are frozen when it ends.
/// </summary>
public static class ServiceDeploymentHistory
{
    public static void Begin(StateWrite write, Service service, Deployment deployment, DateTimeOffset now)
    {
        var arn = NewArn(service.ServiceArn!);
        foreach (var ongoing in ServiceDeploymentStore.Ongoing(write.State, service.ServiceArn!))
        {
            Finish(write, service, ongoing, ServiceDeploymentStatus.Stopped, $"Stopped because service deployment {arn} started.", now);
        }

        var revision = InsertRevision(write, service, deployment, now);
        var configuration = service.DeploymentConfiguration is { } given
            ? Documents.Copy(given, EcsJsonContext.Default.DeploymentConfiguration)
            : null;
        var document = new ServiceDeployment
        {
            ServiceDeploymentArn = arn,
            ServiceArn = service.ServiceArn,
            ClusterArn = service.ClusterArn,
            CreatedAt = now,
            StartedAt = now,
            UpdatedAt = now,
            SourceServiceRevisions = (service.Deployments ?? [])
                .Where(d => d.Id != deployment.Id)
                .Select(d => new ServiceRevisionSummary { Arn = ServiceRevisions.Arn(service.ServiceArn!, d.Id!) })
                .ToList(),
            TargetServiceRevision = new ServiceRevisionSummary { Arn = revision },
            Status = ServiceDeploymentStatus.InProgress,
            DeploymentConfiguration = configuration,
            DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker
            {
                Status = configuration?.DeploymentCircuitBreaker?.Enable == true ? "MONITORING" : "DISABLED",
                FailureCount = 0,
                Threshold = CircuitBreaker.Threshold(deployment.DesiredCount ?? 0),
            },
            Alarms = new ServiceDeploymentAlarms
            {
                Status = configuration?.Alarms?.Enable == true ? "MONITORING" : "DISABLED",
                AlarmNames = configuration?.Alarms?.AlarmNames ?? [],
                TriggeredAlarmNames = [],
            },
        };
        ServiceDeploymentLifecycle.Begin(document, service, now);
        ServiceDeploymentStore.Insert(write, new StoredServiceDeployment(document, deployment.Id!, null));
        service.CurrentServiceDeployment = arn;
    }

    /// <summary>The rollout of a <c>deployments[]</c> entry completed.</summary>
    public static void Completed(StateWrite write, Service service, string deploymentId, DateTimeOffset now)
    {
        if (Ongoing(write.State, service, deploymentId) is not { } stored)
        {
            return;
        }

        var rolledBack = stored.RollbackDeploymentId == deploymentId;
        Finish(write, service, stored,
            rolledBack ? ServiceDeploymentStatus.RollbackSuccessful : ServiceDeploymentStatus.Successful,
            rolledBack
                ? $"Rolled back to service revision {ServiceRevisions.Arn(service.ServiceArn!, deploymentId)}."
                : "Service deployment completed.",
            now);
    }

    /// <summary>The circuit breaker failed a deployment that is not rolled back: it STOPS (a failed rollback is ROLLBACK_FAILED).</summary>
    public static void Failed(StateWrite write, Service service, string deploymentId, string reason, DateTimeOffset now)
    {
        if (Ongoing(write.State, service, deploymentId) is not { } stored)
        {
            return;
        }

        Trigger(stored);
        Finish(write, service, stored,
            stored.RollbackDeploymentId == deploymentId ? ServiceDeploymentStatus.RollbackFailed : ServiceDeploymentStatus.Stopped,
            reason, now);
    }

    /// <summary>A rollback began: <paramref name="rollback"/> now runs what the deployment it replaces should not.</summary>
    public static void RollingBack(
        StateWrite write, Service service, string failingDeploymentId, Deployment rollback, string reason, bool byCircuitBreaker, DateTimeOffset now)
    {
        if (Ongoing(write.State, service, failingDeploymentId) is not { } stored)
        {
            return;
        }

        if (byCircuitBreaker)
        {
            Trigger(stored);
        }

        var document = stored.Document;
        document.Status = ServiceDeploymentStatus.RollbackInProgress;
        document.StatusReason = reason;
        document.UpdatedAt = now;
        document.Rollback = new Rollback { Reason = reason, StartedAt = now, ServiceRevisionArn = InsertRevision(write, service, rollback, now) };
        ServiceDeploymentStore.Update(write, stored with { RollbackDeploymentId = rollback.Id });
    }

    /// <summary>Whether the deployment runs a rollback (a rollback that fails is not rolled back again).</summary>
    public static bool IsRollback(EcsState state, Service service, string deploymentId) =>
        ServiceDeploymentStore.FindByDeployment(state, service.ServiceArn!, deploymentId)?.RollbackDeploymentId == deploymentId;

    /// <summary>Task counts of the revisions, failed tasks of the circuit breaker: as they are now.</summary>
    public static void Refresh(EcsState state, Service? service, ServiceDeployment document)
    {
        var counts = ServiceTaskCounts.Read(state, document.ServiceArn!);
        document.TargetServiceRevision = ServiceRevisions.Summary(document.TargetServiceRevision!.Arn!, service, counts);
        document.SourceServiceRevisions = document.SourceServiceRevisions?
            .Select(source => ServiceRevisions.Summary(source.Arn!, service, counts))
            .ToList();
        var target = ServiceRevisions.DeploymentId(document.TargetServiceRevision.Arn!);
        if (document.DeploymentCircuitBreaker is { } breaker
            && service?.Deployments?.FirstOrDefault(d => d.Id == target) is { FailedTasks: { } failed })
        {
            breaker.FailureCount = failed;
        }
    }

    private static StoredServiceDeployment? Ongoing(EcsState state, Service service, string deploymentId) =>
        ServiceDeploymentStore.FindByDeployment(state, service.ServiceArn!, deploymentId) is { } stored
        && ServiceDeploymentStatus.IsOngoing(stored.Document.Status)
            ? stored
            : null;

    private static void Trigger(StoredServiceDeployment stored)
    {
        if (stored.Document.DeploymentCircuitBreaker is { } breaker)
        {
            breaker.Status = "TRIGGERED";
        }
    }

    private static void Finish(
        StateWrite write, Service service, StoredServiceDeployment stored, string status, string reason, DateTimeOffset now)
    {
        var document = stored.Document;
        Refresh(write.State, service, document);
        document.Status = status;
        document.StatusReason = reason;
        document.UpdatedAt = now;
        document.FinishedAt = now;
        if (status is ServiceDeploymentStatus.Stopped or ServiceDeploymentStatus.RollbackFailed)
        {
            document.StoppedAt = now;
        }

        if (document.DeploymentCircuitBreaker is { Status: "MONITORING" } breaker)
        {
            breaker.Status = "MONITORING_COMPLETE";
        }

        ServiceDeploymentStore.Update(write, stored);
    }

    private static string InsertRevision(StateWrite write, Service service, Deployment deployment, DateTimeOffset now)
    {
        var definition = deployment.TaskDefinition is null ? null : TaskDefinitionStore.Find(write.State, deployment.TaskDefinition);
        var revision = ServiceRevisions.Of(service, deployment, definition, now);
        ServiceDeploymentStore.InsertRevision(write, revision);
        return revision.ServiceRevisionArn!;
    }

    /// <summary><c>service-deployment/CLUSTER/SERVICE/ID</c> with a 21-character id, as ECS writes them.</summary>
    private static string NewArn(string serviceArn) =>
        serviceArn.Replace(":service/", ":service-deployment/", StringComparison.Ordinal) + "/"
        + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 21);
}
