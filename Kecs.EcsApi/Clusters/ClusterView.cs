using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Clusters;

/// <summary>A stored cluster as an operation returns it: live counters, and the optional parts asked for.</summary>
public static class ClusterView
{
    public static Cluster Of(DuckDBConnection connection, Cluster stored, ClusterFields fields)
    {
        var view = Documents.Copy(stored, EcsJsonContext.Default.Cluster);
        var counts = stored.Status == ClusterStore.Active ? ClusterCounts.Of(connection, stored.ClusterArn!) : ClusterCounts.None;
        view.RegisteredContainerInstancesCount = 0;
        view.RunningTasksCount = counts.RunningTasks;
        view.PendingTasksCount = counts.PendingTasks;
        view.ActiveServicesCount = counts.ActiveServices;
        view.Statistics = fields.HasFlag(ClusterFields.Statistics) ? counts.Statistics() : null;
        view.Tags = fields.HasFlag(ClusterFields.Tags) ? ResourceTagStore.Read(connection, stored.ClusterArn!) : null;
        view.Settings = fields.HasFlag(ClusterFields.Settings) ? stored.Settings : null;
        view.Configuration = fields.HasFlag(ClusterFields.Configurations) ? stored.Configuration : null;
        view.Attachments = fields.HasFlag(ClusterFields.Attachments) ? [] : null;
        return view;
    }
}
