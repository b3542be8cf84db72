using Kecs.Ecs.Model;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// A stored cluster as an operation returns it: live counters, and the optional parts asked for. The cluster given is
/// changed into the view: pass one that is not saved afterwards.
/// </summary>
public static class ClusterView
{
    public static Cluster Of(EcsState state, Cluster cluster, ClusterFields fields)
    {
        var counts = cluster.Status == ClusterStore.Active ? state.CountsOf(cluster.ClusterArn!) : ClusterCounts.None;
        cluster.RegisteredContainerInstancesCount = cluster.Status == ClusterStore.Active
            ? ContainerInstanceStore.Count(state, cluster)
            : 0;
        cluster.RunningTasksCount = counts.RunningTasks;
        cluster.PendingTasksCount = counts.PendingTasks;
        cluster.ActiveServicesCount = counts.ActiveServices;
        cluster.Statistics = fields.HasFlag(ClusterFields.Statistics) ? counts.Statistics() : null;
        cluster.Tags = fields.HasFlag(ClusterFields.Tags) ? ResourceTagStore.Read(state, cluster.ClusterArn!) : null;
        cluster.Settings = fields.HasFlag(ClusterFields.Settings) ? cluster.Settings : null;
        cluster.Configuration = fields.HasFlag(ClusterFields.Configurations) ? cluster.Configuration : null;
        cluster.Attachments = fields.HasFlag(ClusterFields.Attachments) ? [] : null;
        return cluster;
    }
}
