using System.Collections.Immutable;
using Kecs.EcsApi.Clusters;

namespace Kecs.EcsApi.State;

/// <summary>Every stored row, as read from the tables at start.</summary>
public sealed record StoredRows(
    List<ClusterRow> Clusters, List<TaskDefinitionFamilyRow> Families, List<TaskDefinitionRow> TaskDefinitions,
    List<ServiceRow> Services, List<TaskRow> Tasks, List<TagsRow> Tags, List<RunTaskTokenRow> RunTaskTokens,
    List<AccountSettingRow> AccountSettings, List<ServiceDeploymentRow> ServiceDeployments, List<ServiceRevisionRow> ServiceRevisions,
    List<CapacityProviderRow> CapacityProviders, List<ContainerInstanceRow> ContainerInstances, List<KubeNodeRow> KubeNodes,
    List<DaemonTaskDefinitionRow> DaemonTaskDefinitions, List<DaemonRow> Daemons, List<NodeStateRow> NodeStates,
    List<ChangeRow> Changes);

/// <summary>A state built from all its rows at once: each collection and index in bulk, where putting rows one by one rebuilt them row after row.</summary>
public sealed partial record EcsState
{
    public static EcsState From(StoredRows rows)
    {
        var latestChanges = rows.Changes
            .GroupBy(change => RowKey.Of(change.Kind, change.Arn))
            .Select(changes => changes.MaxBy(change => change.Sequence)!)
            .ToList();
        return new EcsState
        {
            Clusters = rows.Clusters.ToImmutableDictionary(row => row.Arn),
            Families = rows.Families.ToImmutableDictionary(row => row.Key),
            TaskDefinitions = rows.TaskDefinitions.ToImmutableDictionary(row => row.Arn),
            Revisions = rows.TaskDefinitions.GroupBy(row => row.FamilyKey)
                .ToImmutableDictionary(family => family.Key, family => family.ToImmutableSortedDictionary(row => row.Revision, row => row.Arn)),
            Services = rows.Services.ToImmutableDictionary(row => row.Arn),
            ServicesByCluster = SortedIndex.From(rows.Services.Select(row => (row.ClusterArn, row.Arn))),
            Tasks = rows.Tasks.ToImmutableDictionary(row => row.Arn),
            TasksByDesiredStatus = SortedIndex.From(rows.Tasks.Select(row => (DesiredStatusKey(row)!, row.Arn))),
            TasksByService = SortedIndex.From(rows.Tasks.Where(row => row.ServiceArn is not null).Select(row => (row.ServiceArn!, row.Arn))),
            TasksByStartedBy = SortedIndex.From(rows.Tasks.Where(row => row.StartedBy is not null).Select(row => (StartedByKey(row)!, row.Arn))),
            TasksByFamily = SortedIndex.From(rows.Tasks.Select(row => (FamilyKey(row)!, row.Arn))),
            Counts = rows.Services.Select(row => (row.ClusterArn, Counts: ClusterCounts.Of(row)))
                .Concat(rows.Tasks.Select(row => (row.ClusterArn, Counts: ClusterCounts.Of(row))))
                .GroupBy(share => share.ClusterArn)
                .ToImmutableDictionary(cluster => cluster.Key, cluster => cluster.Aggregate(ClusterCounts.None, (sum, share) => sum + share.Counts)),
            Tags = rows.Tags.ToImmutableDictionary(row => row.Arn),
            RunTaskTokens = rows.RunTaskTokens.ToImmutableDictionary(row => row.Key),
            AccountSettings = rows.AccountSettings.ToImmutableDictionary(row => row.Key),
            CapacityProviders = rows.CapacityProviders.ToImmutableDictionary(row => row.Arn),
            ContainerInstances = rows.ContainerInstances.ToImmutableDictionary(row => row.Arn),
            KubeNodes = rows.KubeNodes.ToImmutableDictionary(row => row.InstanceId),
            DaemonTaskDefinitions = rows.DaemonTaskDefinitions.ToImmutableDictionary(row => row.Arn),
            Daemons = rows.Daemons.ToImmutableDictionary(row => row.Arn),
            NodeStates = rows.NodeStates.ToImmutableDictionary(row => row.InstanceId),
            ServiceDeployments = rows.ServiceDeployments.ToImmutableDictionary(row => row.Arn),
            DeploymentsByService = SortedIndex.From(rows.ServiceDeployments.Select(row => (row.ServiceArn, row.Arn))),
            LastDeploymentPosition = rows.ServiceDeployments.Select(row => row.Position).DefaultIfEmpty().Max(),
            ServiceRevisions = rows.ServiceRevisions.ToImmutableDictionary(row => row.Arn),
            RevisionsByService = SortedIndex.From(rows.ServiceRevisions.Select(row => (row.ServiceArn, row.Arn))),
            LastSequence = rows.Changes.Select(change => change.Sequence).DefaultIfEmpty().Max(),
            ChangeSequences = latestChanges.Select(change => change.Sequence).ToImmutableSortedSet(),
            ChangesBySequence = latestChanges.ToImmutableDictionary(change => change.Sequence),
            LatestChange = latestChanges.ToImmutableDictionary(change => RowKey.Of(change.Kind, change.Arn), change => change.Sequence),
        };
    }
}
