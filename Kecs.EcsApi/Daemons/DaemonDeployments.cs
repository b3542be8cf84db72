using System.Security.Cryptography;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Daemons;

/// <summary>
/// Revisions and deployments of a daemon: each CreateDaemon, UpdateDaemon and DeleteDaemon adds a deployment (and the
/// first two a revision); a newer deployment stops the one in progress; the Scheduler reports when one has succeeded.
/// </summary>
public static class DaemonDeployments
{
    public const string InProgress = "IN_PROGRESS";
    public const string Successful = "SUCCESSFUL";
    public const string Stopped = "STOPPED";

    /// <summary>Adds a revision that runs this definition with these settings and makes it the daemon's target.</summary>
    public static DaemonRevision AddRevision(
        StoredDaemon daemon, DaemonTaskDefinition definition, string? propagateTags, bool managedTags, bool executeCommand, DateTimeOffset now)
    {
        var revision = new DaemonRevision
        {
            DaemonRevisionArn = daemon.DaemonArn.Replace(":daemon/", ":daemon-revision/", StringComparison.Ordinal) + "/" + Guid.NewGuid().ToString("D"),
            ClusterArn = daemon.ClusterArn,
            DaemonArn = daemon.DaemonArn,
            DaemonTaskDefinitionArn = definition.DaemonTaskDefinitionArn,
            CreatedAt = now,
            ContainerImages = definition.ContainerDefinitions!.Select(c => new DaemonContainerImage { ContainerName = c.Name, Image = c.Image }).ToList(),
            PropagateTags = propagateTags ?? "NONE",
            EnableECSManagedTags = managedTags,
            EnableExecuteCommand = executeCommand,
        };
        daemon.Revisions.Add(revision);
        daemon.TargetRevisionArn = revision.DaemonRevisionArn;
        return revision;
    }

    /// <summary>
    /// Starts a deployment from the revisions the daemon's tasks run to its target (none when it is deleted), stopping
    /// the one in progress.
    /// </summary>
    public static DaemonDeployment Start(StoredDaemon daemon, IEnumerable<string> runningRevisionArns, DaemonDeploymentConfiguration configuration, DateTimeOffset now)
    {
        var deployment = new DaemonDeployment
        {
            DaemonDeploymentArn = daemon.DaemonArn.Replace(":daemon/", ":daemon-deployment/", StringComparison.Ordinal) + "/" + NewId(),
            ClusterArn = daemon.ClusterArn,
            Status = InProgress,
            TargetDaemonRevision = daemon.TargetRevisionArn is { } target ? new DaemonDeploymentRevisionDetail { Arn = target } : null,
            SourceDaemonRevisions = runningRevisionArns.Where(arn => arn != daemon.TargetRevisionArn).Distinct()
                .Select(arn => new DaemonDeploymentRevisionDetail { Arn = arn }).ToList(),
            // Kecs watches neither task failures nor CloudWatch alarms for daemons: both monitors are off.
            CircuitBreaker = new DaemonCircuitBreaker { Status = "DISABLED", FailureCount = 0, Threshold = 0 },
            Alarms = new DaemonDeploymentAlarms { Status = "DISABLED", AlarmNames = configuration.Alarms?.AlarmNames ?? [], TriggeredAlarmNames = [] },
            DeploymentConfiguration = configuration,
            CreatedAt = now,
            StartedAt = now,
        };
        foreach (var running in daemon.Deployments.Where(d => d.Status == InProgress))
        {
            running.Status = Stopped;
            running.StatusReason = $"Stopped by the newer deployment {deployment.DaemonDeploymentArn}.";
            running.StoppedAt = now;
        }

        daemon.Deployments.Add(deployment);
        daemon.UpdatedAt = now;
        return deployment;
    }

    /// <summary>Marks the deployment SUCCESSFUL if it is still the one in progress; a deleted daemon is then gone.</summary>
    public static bool Complete(StoredDaemon daemon, string deploymentArn, DateTimeOffset now)
    {
        if (daemon.LatestDeployment is not { Status: InProgress } latest || latest.DaemonDeploymentArn != deploymentArn)
        {
            return false;
        }

        latest.Status = Successful;
        latest.StatusReason = daemon.TargetRevisionArn is null
            ? "Every daemon task has stopped."
            : "Every container instance runs the target revision.";
        latest.FinishedAt = now;
        if (daemon.Status == DaemonStore.DeleteInProgress)
        {
            daemon.Status = StoredDaemon.Deleted;
        }

        return true;
    }

    // ECS's daemon deployment ids are 16 letters and digits.
    private static string NewId() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16);
}
