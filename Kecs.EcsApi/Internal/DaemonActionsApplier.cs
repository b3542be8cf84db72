using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Daemons;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tagging;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// Applies what the Scheduler decided for one daemon, in one transaction: it starts one task of the target revision on
/// each instance named (startedBy the revision id, group <c>daemon:NAME</c>, pinned by <c>containerInstanceArn</c>),
/// stops the daemon's tasks named, and marks the deployment in progress SUCCESSFUL. A decision that went stale (the
/// target revision changed, or the instance got a task meanwhile) starts nothing.
/// </summary>
public sealed class DaemonActionsApplier(EcsStore store, TimeProvider clock)
{
    public Task<ServiceActionsResult> ApplyAsync(DaemonActions actions, CancellationToken cancellation) =>
        store.WriteAsync(write =>
        {
            if (DaemonStore.Find(write.State, actions.DaemonArn) is not { Status: not StoredDaemon.Deleted } daemon
                || ClusterStore.Find(write.State, daemon.ClusterArn) is not { Status: ClusterStore.Active } cluster)
            {
                return new ServiceActionsResult { Refused = $"{actions.DaemonArn} is not a daemon of an ACTIVE cluster" };
            }

            var now = clock.GetUtcNow();
            var live = DaemonStore.LiveTasks(write.State, daemon);
            var result = new ServiceActionsResult();
            if (actions.StartOnInstanceIds.Count > 0)
            {
                if (daemon.TargetRevision is not { } revision || StoredDaemon.IdOf(revision.DaemonRevisionArn!) != actions.RevisionId)
                {
                    return new ServiceActionsResult { Refused = $"{actions.RevisionId} is not the target revision of {daemon.DaemonArn}" };
                }

                var occupied = live.Select(task => task.ContainerInstanceArn).ToHashSet();
                var arn = EcsArn.Parse(daemon.DaemonArn)!;
                var context = new EcsRequestContext("daemon-scheduler", arn.Region, arn.Account);
                var definition = DaemonTaskDefinitionStore.AsTaskDefinition(write.State, revision.DaemonTaskDefinitionArn!)!;
                var provider = daemon.CapacityProviderArns[0][(daemon.CapacityProviderArns[0].LastIndexOf('/') + 1)..];
                var tags = revision.PropagateTags == "DAEMON" ? ResourceTagStore.Read(write.State, daemon.DaemonArn) : [];
                if (revision.EnableECSManagedTags == true)
                {
                    tags = [.. tags, .. ManagedTags.For(cluster)];
                }

                foreach (var instanceArn in actions.StartOnInstanceIds.Select(id => ContainerInstanceStore.Arn(cluster, id)).Where(occupied.Add))
                {
                    var task = TaskLaunch.New(cluster, definition, new TaskPlacement("EC2", provider, null), TaskLaunch.Overrides(null, definition),
                        $"daemon:{daemon.Name}", actions.RevisionId, revision.EnableExecuteCommand ?? false, now, context);
                    task.ContainerInstanceArn = instanceArn;
                    TaskStore.Insert(write, task, definition.Family!, serviceArn: null, traceParent: null, daemonArn: daemon.DaemonArn);
                    ResourceTagStore.Replace(write, task.TaskArn!, tags);
                    result.Started.Add(new ChangeEntry
                    {
                        Kind = ChangeKind.Task, Arn = task.TaskArn!, Task = task, TaskDefinition = definition, DaemonArn = daemon.DaemonArn,
                    });
                }
            }

            foreach (var task in live.Where(task => actions.StopTaskArns.Contains(task.TaskArn!)))
            {
                if (TaskStore.RequestStop(task, StopCodes.ServiceSchedulerInitiated, actions.StopReason ?? "Task stopped by the daemon scheduler", now))
                {
                    TaskStore.Update(write, task);
                }
            }

            // Every live task must run the target revision (for a deleted daemon: none may be left) before the deployment succeeds.
            var targetId = daemon.TargetRevisionArn is { } target ? StoredDaemon.IdOf(target) : null;
            if (actions.CompleteDeploymentArn is { } completed
                && DaemonStore.LiveTasks(write.State, daemon).All(task => task.StartedBy == targetId && task.DesiredStatus == TaskStore.DesiredRunning)
                && DaemonDeployments.Complete(daemon, completed, now))
            {
                DaemonStore.Save(write, daemon);
            }

            return result;
        }, cancellation);
}
