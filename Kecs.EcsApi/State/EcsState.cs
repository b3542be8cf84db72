using System.Collections.Immutable;
using Kecs.EcsApi.Clusters;

namespace Kecs.EcsApi.State;

/// <summary>
/// The whole ECS state at one commit: every stored row, with the indexes the list operations and counters need.
/// Immutable: a write makes a new version from this one, and readers keep the version they started with, so a
/// request sees one consistent state without a lock and never a version that was not committed.
/// </summary>
public sealed partial record EcsState
{
    public ImmutableDictionary<string, ClusterRow> Clusters { get; private init; } = ImmutableDictionary<string, ClusterRow>.Empty;
    public ImmutableDictionary<string, TaskDefinitionFamilyRow> Families { get; private init; } = ImmutableDictionary<string, TaskDefinitionFamilyRow>.Empty;
    public ImmutableDictionary<string, TaskDefinitionRow> TaskDefinitions { get; private init; } = ImmutableDictionary<string, TaskDefinitionRow>.Empty;

    /// <summary>Each family's revisions (by family key: region, account, family), revision number to ARN.</summary>
    public ImmutableDictionary<string, ImmutableSortedDictionary<int, string>> Revisions { get; private init; } =
        ImmutableDictionary<string, ImmutableSortedDictionary<int, string>>.Empty;

    public ImmutableDictionary<string, ServiceRow> Services { get; private init; } = ImmutableDictionary<string, ServiceRow>.Empty;
    public SortedIndex ServicesByCluster { get; private init; } = SortedIndex.Empty;
    public ImmutableDictionary<string, TaskRow> Tasks { get; private init; } = ImmutableDictionary<string, TaskRow>.Empty;
    /// <summary>Tasks by cluster ARN and desiredStatus (<see cref="RowKey"/>): ListTasks without other filters.</summary>
    public SortedIndex TasksByDesiredStatus { get; private init; } = SortedIndex.Empty;
    public SortedIndex TasksByService { get; private init; } = SortedIndex.Empty;

    /// <summary>Tasks by cluster ARN and startedBy (<see cref="RowKey"/>).</summary>
    public SortedIndex TasksByStartedBy { get; private init; } = SortedIndex.Empty;

    /// <summary>Tasks by cluster ARN and family (<see cref="RowKey"/>).</summary>
    public SortedIndex TasksByFamily { get; private init; } = SortedIndex.Empty;

    public ImmutableDictionary<string, ClusterCounts> Counts { get; private init; } = ImmutableDictionary<string, ClusterCounts>.Empty;
    public ImmutableDictionary<string, TagsRow> Tags { get; private init; } = ImmutableDictionary<string, TagsRow>.Empty;
    public ImmutableDictionary<string, RunTaskTokenRow> RunTaskTokens { get; private init; } = ImmutableDictionary<string, RunTaskTokenRow>.Empty;
    public ImmutableDictionary<string, AccountSettingRow> AccountSettings { get; private init; } = ImmutableDictionary<string, AccountSettingRow>.Empty;
    public ImmutableDictionary<string, CapacityProviderRow> CapacityProviders { get; private init; } = ImmutableDictionary<string, CapacityProviderRow>.Empty;
    public ImmutableDictionary<string, ContainerInstanceRow> ContainerInstances { get; private init; } = ImmutableDictionary<string, ContainerInstanceRow>.Empty;
    public ImmutableDictionary<string, KubeNodeRow> KubeNodes { get; private init; } = ImmutableDictionary<string, KubeNodeRow>.Empty;
    public ImmutableDictionary<string, DaemonTaskDefinitionRow> DaemonTaskDefinitions { get; private init; } =
        ImmutableDictionary<string, DaemonTaskDefinitionRow>.Empty;
    public ImmutableDictionary<string, DaemonRow> Daemons { get; private init; } = ImmutableDictionary<string, DaemonRow>.Empty;
    public ImmutableDictionary<string, NodeStateRow> NodeStates { get; private init; } = ImmutableDictionary<string, NodeStateRow>.Empty;
    public ImmutableDictionary<string, ServiceDeploymentRow> ServiceDeployments { get; private init; } = ImmutableDictionary<string, ServiceDeploymentRow>.Empty;
    public SortedIndex DeploymentsByService { get; private init; } = SortedIndex.Empty;
    public long LastDeploymentPosition { get; private init; }
    public ImmutableDictionary<string, ServiceRevisionRow> ServiceRevisions { get; private init; } = ImmutableDictionary<string, ServiceRevisionRow>.Empty;
    public SortedIndex RevisionsByService { get; private init; } = SortedIndex.Empty;

    public ClusterCounts CountsOf(string clusterArn) => Counts.GetValueOrDefault(clusterArn) ?? ClusterCounts.None;

    public EcsState Put(ClusterRow row) => this with { Clusters = Clusters.SetItem(row.Arn, row) };

    public EcsState Put(TaskDefinitionFamilyRow row) => this with { Families = Families.SetItem(row.Key, row) };

    public EcsState Put(TaskDefinitionRow row) => this with
    {
        TaskDefinitions = TaskDefinitions.SetItem(row.Arn, row),
        Revisions = Revisions.SetItem(row.FamilyKey,
            (Revisions.GetValueOrDefault(row.FamilyKey) ?? ImmutableSortedDictionary<int, string>.Empty).SetItem(row.Revision, row.Arn)),
    };

    public EcsState Remove(TaskDefinitionRow row)
    {
        var remaining = Revisions.GetValueOrDefault(row.FamilyKey)?.Remove(row.Revision);
        return this with
        {
            TaskDefinitions = TaskDefinitions.Remove(row.Arn),
            Revisions = remaining is null or { IsEmpty: true } ? Revisions.Remove(row.FamilyKey) : Revisions.SetItem(row.FamilyKey, remaining),
        };
    }

    public EcsState Put(ServiceRow row)
    {
        var old = Services.GetValueOrDefault(row.Arn);
        return this with
        {
            Services = Services.SetItem(row.Arn, row),
            ServicesByCluster = ServicesByCluster.Move(old?.ClusterArn, row.ClusterArn, row.Arn),
            Counts = Recount(row.ClusterArn, ClusterCounts.Of(row) - ClusterCounts.Of(old)),
        };
    }

    public EcsState Put(TaskRow row) => ReplaceTask(Tasks.GetValueOrDefault(row.Arn), row);

    public EcsState Remove(TaskRow row) => ReplaceTask(row, null);

    public EcsState Put(TagsRow row) => this with { Tags = Tags.SetItem(row.Arn, row) };

    public EcsState Remove(TagsRow row) => this with { Tags = Tags.Remove(row.Arn) };

    public EcsState Put(RunTaskTokenRow row) => this with { RunTaskTokens = RunTaskTokens.SetItem(row.Key, row) };

    public EcsState Remove(RunTaskTokenRow row) => this with { RunTaskTokens = RunTaskTokens.Remove(row.Key) };

    public EcsState Put(AccountSettingRow row) => this with { AccountSettings = AccountSettings.SetItem(row.Key, row) };

    public EcsState Remove(AccountSettingRow row) => this with { AccountSettings = AccountSettings.Remove(row.Key) };

    public EcsState Put(CapacityProviderRow row) => this with { CapacityProviders = CapacityProviders.SetItem(row.Arn, row) };

    public EcsState Put(ContainerInstanceRow row) => this with { ContainerInstances = ContainerInstances.SetItem(row.Arn, row) };

    public EcsState Put(KubeNodeRow row) => this with { KubeNodes = KubeNodes.SetItem(row.InstanceId, row) };

    public EcsState Remove(KubeNodeRow row) => this with { KubeNodes = KubeNodes.Remove(row.InstanceId) };

    public EcsState Put(DaemonTaskDefinitionRow row) => this with { DaemonTaskDefinitions = DaemonTaskDefinitions.SetItem(row.Arn, row) };

    public EcsState Put(DaemonRow row) => this with { Daemons = Daemons.SetItem(row.Arn, row) };

    public EcsState Remove(DaemonRow row) => this with { Daemons = Daemons.Remove(row.Arn) };

    public EcsState Put(NodeStateRow row) => this with { NodeStates = NodeStates.SetItem(row.InstanceId, row) };

    public EcsState Put(ServiceDeploymentRow row) => this with
    {
        ServiceDeployments = ServiceDeployments.SetItem(row.Arn, row),
        DeploymentsByService = DeploymentsByService.Add(row.ServiceArn, row.Arn),
        LastDeploymentPosition = Math.Max(LastDeploymentPosition, row.Position),
    };

    public EcsState Remove(ServiceDeploymentRow row) => this with
    {
        ServiceDeployments = ServiceDeployments.Remove(row.Arn),
        DeploymentsByService = DeploymentsByService.Remove(row.ServiceArn, row.Arn),
    };

    public EcsState Put(ServiceRevisionRow row) => this with
    {
        ServiceRevisions = ServiceRevisions.SetItem(row.Arn, row),
        RevisionsByService = RevisionsByService.Add(row.ServiceArn, row.Arn),
    };

    public EcsState Remove(ServiceRevisionRow row) => this with
    {
        ServiceRevisions = ServiceRevisions.Remove(row.Arn),
        RevisionsByService = RevisionsByService.Remove(row.ServiceArn, row.Arn),
    };

    private EcsState ReplaceTask(TaskRow? old, TaskRow? row)
    {
        var arn = (row ?? old)!.Arn;
        var clusterArn = (row ?? old)!.ClusterArn;
        return this with
        {
            Tasks = row is null ? Tasks.Remove(arn) : Tasks.SetItem(arn, row),
            TasksByDesiredStatus = TasksByDesiredStatus.Move(DesiredStatusKey(old), DesiredStatusKey(row), arn),
            TasksByService = TasksByService.Move(old?.ServiceArn, row?.ServiceArn, arn),
            TasksByStartedBy = TasksByStartedBy.Move(StartedByKey(old), StartedByKey(row), arn),
            TasksByFamily = TasksByFamily.Move(FamilyKey(old), FamilyKey(row), arn),
            Counts = Recount(clusterArn, ClusterCounts.Of(row) - ClusterCounts.Of(old)),
        };
    }

    private ImmutableDictionary<string, ClusterCounts> Recount(string clusterArn, ClusterCounts change) =>
        change == ClusterCounts.None ? Counts : Counts.SetItem(clusterArn, CountsOf(clusterArn) + change);

    private static string? DesiredStatusKey(TaskRow? task) => task is null ? null : RowKey.Of(task.ClusterArn, task.DesiredStatus);

    private static string? StartedByKey(TaskRow? task) => task?.StartedBy is { } startedBy ? RowKey.Of(task.ClusterArn, startedBy) : null;

    private static string? FamilyKey(TaskRow? task) => task is null ? null : RowKey.Of(task.ClusterArn, task.Family);
}
