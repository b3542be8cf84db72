using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Tasks;

/// <summary>Task ids (32 hex digits) and ARNs (<c>task/CLUSTER/ID</c>) within one cluster.</summary>
public static partial class TaskReference
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public static string Arn(Cluster cluster, string id) =>
        cluster.ClusterArn!.Replace(":cluster/", ":task/", StringComparison.Ordinal) + "/" + id;

    /// <summary>The ARN of the task a value names in this cluster, or null when it cannot name one.</summary>
    public static string? ArnIn(Cluster cluster, string value)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return TaskId().IsMatch(value) ? Arn(cluster, value) : null;
        }

        var full = EcsArn.InAccount(value, EcsArn.Parse(cluster.ClusterArn)!.Account);
        return EcsArn.Parse(full) is { ResourceType: "task", Segments: [var clusterName, var id] } && clusterName == cluster.ClusterName
               && TaskId().IsMatch(id) && Arn(cluster, id) == full
            ? full
            : null;
    }

    [GeneratedRegex("^[0-9a-f]{32}$|^[0-9a-f-]{36}$")]
    private static partial Regex TaskId();
}
