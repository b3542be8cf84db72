using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Daemons;

/// <summary>A daemon and its deployments as ECS describes them, with task and instance counts read from its tasks now.</summary>
public static class DaemonView
{
    public static DaemonDetail Detail(EcsState state, StoredDaemon daemon)
    {
        var tasks = DaemonStore.LiveTasks(state, daemon);
        var revisions = daemon.Revisions
            .Where(r => r.DaemonRevisionArn == daemon.TargetRevisionArn || tasks.Any(t => t.StartedBy == StoredDaemon.IdOf(r.DaemonRevisionArn!)))
            .Select(r =>
            {
                var running = tasks.Where(t => t.StartedBy == StoredDaemon.IdOf(r.DaemonRevisionArn!) && t.LastStatus == TaskLifecycle.Running).ToList();
                return new DaemonRevisionDetail
                {
                    Arn = r.DaemonRevisionArn,
                    CapacityProviders = daemon.CapacityProviderArns
                        .Select(provider => new DaemonCapacityProvider { Arn = provider, RunningCount = running.Count(t => OnProvider(t, provider)) })
                        .ToList(),
                    TotalRunningCount = running.Count,
                };
            }).ToList();
        return new DaemonDetail
        {
            DaemonArn = daemon.DaemonArn,
            ClusterArn = daemon.ClusterArn,
            Status = daemon.Status,
            CurrentRevisions = revisions,
            DeploymentArn = daemon.LatestDeployment.DaemonDeploymentArn,
            CreatedAt = daemon.CreatedAt,
            UpdatedAt = daemon.UpdatedAt,
        };
    }

    /// <summary>The deployment with how many instances run, and how many drain, each of its revisions now.</summary>
    public static DaemonDeployment Deployment(EcsState state, StoredDaemon daemon, DaemonDeployment stored)
    {
        var deployment = Documents.Copy(stored, EcsJsonContext.Default.DaemonDeployment);
        var tasks = DaemonStore.LiveTasks(state, daemon);
        foreach (var revision in (deployment.SourceDaemonRevisions ?? []).Append(deployment.TargetDaemonRevision).OfType<DaemonDeploymentRevisionDetail>())
        {
            var ofRevision = tasks.Where(t => t.StartedBy == StoredDaemon.IdOf(revision.Arn!)).ToList();
            var running = ofRevision.Where(t => t.DesiredStatus == "RUNNING").ToList();
            var draining = ofRevision.Where(t => t.DesiredStatus == "STOPPED").ToList();
            revision.CapacityProviders = daemon.CapacityProviderArns.Select(provider => new DaemonDeploymentCapacityProvider
            {
                Arn = provider,
                RunningInstanceCount = running.Count(t => OnProvider(t, provider)),
                DrainingInstanceCount = draining.Count(t => OnProvider(t, provider)),
            }).ToList();
            revision.TotalRunningInstanceCount = running.Count;
            revision.TotalDrainingInstanceCount = draining.Count;
        }

        return deployment;
    }

    public static DaemonDeploymentSummary Summary(StoredDaemon daemon, DaemonDeployment deployment) => new()
    {
        DaemonDeploymentArn = deployment.DaemonDeploymentArn,
        DaemonArn = daemon.DaemonArn,
        ClusterArn = daemon.ClusterArn,
        Status = deployment.Status,
        StatusReason = deployment.StatusReason,
        TargetDaemonRevisionArn = deployment.TargetDaemonRevision?.Arn,
        CreatedAt = deployment.CreatedAt,
        StartedAt = deployment.StartedAt,
        StoppedAt = deployment.StoppedAt,
        FinishedAt = deployment.FinishedAt,
    };

    private static bool OnProvider(EcsTask task, string providerArn) =>
        providerArn.EndsWith("/" + task.CapacityProviderName, StringComparison.Ordinal);
}
