using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>A stored cluster as an operation returns it: live counters, and the optional parts asked for.</summary>
public static class ClusterView
{
    public static Cluster Of(EcsState state, Cluster stored, ClusterFields fields)
    {
        var view = Documents.Copy(stored, EcsJsonContext.Default.Cluster);
        var counts = stored.Status == ClusterStore.Active ? state.CountsOf(stored.ClusterArn!) : ClusterCounts.None;
        view.RegisteredContainerInstancesCount = 0;
        view.RunningTasksCount = counts.RunningTasks;
        view.PendingTasksCount = counts.PendingTasks;
        view.ActiveServicesCount = counts.ActiveServices;
        view.Statistics = fields.HasFlag(ClusterFields.Statistics) ? counts.Statistics() : null;
        view.Tags = fields.HasFlag(ClusterFields.Tags) ? ResourceTagStore.Read(state, stored.ClusterArn!) : null;
        view.Settings = fields.HasFlag(ClusterFields.Settings) ? stored.Settings : null;
        view.Configuration = fields.HasFlag(ClusterFields.Configurations) ? stored.Configuration : null;
        view.Attachments = fields.HasFlag(ClusterFields.Attachments) ? [] : null;
        return view;
    }
}
