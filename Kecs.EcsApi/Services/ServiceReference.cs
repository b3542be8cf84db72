using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Services;

/// <summary>Service names and ARNs (<c>service/CLUSTER/NAME</c>) within one cluster.</summary>
public static partial class ServiceReference
{
    public static string Arn(Cluster cluster, string name) =>
        cluster.ClusterArn!.Replace(":cluster/", ":service/", StringComparison.Ordinal) + "/" + name;

    /// <summary>The service's name when the value names a service of this cluster, otherwise null.</summary>
    public static string? NameIn(Cluster cluster, string value)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return IsValidName(value) ? value : null;
        }

        var clusterArn = EcsArn.Parse(cluster.ClusterArn);
        var arn = EcsArn.Parse(EcsArn.InAccount(value, clusterArn!.Account));
        if (arn is not { ResourceType: "service" } || arn.Region != clusterArn.Region || arn.Account != clusterArn.Account)
        {
            return null;
        }

        // Long ARNs carry the cluster (service/CLUSTER/NAME); old short ones only the name (service/NAME).
        var segments = arn.Segments;
        return segments switch
        {
            [var clusterName, var name] when clusterName == cluster.ClusterName && IsValidName(name) => name,
            [var name] when IsValidName(name) => name,
            _ => null,
        };
    }

    public static string ValidName(string? name) =>
        IsValidName(Required.Value(name, "serviceName"))
            ? name!
            : throw EcsException.InvalidParameter(
                $"Invalid service name '{name}'. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.");

    private static bool IsValidName(string name) => ServiceName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ServiceName();
}
