using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Tagging;

/// <summary>
/// The tags ECS itself puts on a task launched with <c>enableECSManagedTags</c>: the cluster's name, and for a task
/// of a service the service's name. Their <c>aws:</c> prefix keeps them apart from the caller's tags.
/// </summary>
public static class ManagedTags
{
    public const string ReservedPrefix = "aws:";

    public static List<Tag> For(Cluster cluster, Service? service = null)
    {
        List<Tag> tags = [new() { Key = "aws:ecs:clusterName", Value = cluster.ClusterName }];
        if (service is not null)
        {
            tags.Add(new Tag { Key = "aws:ecs:serviceName", Value = service.ServiceName });
        }

        return tags;
    }

    public static bool IsManaged(Tag tag) => tag.Key!.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase);
}
