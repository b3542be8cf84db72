using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Clusters;

/// <summary>
/// A cluster as a request names it: a short name or a full ARN; absent means <c>default</c>.
/// </summary>
public sealed partial record ClusterReference(string Name, string Arn)
{
    public const string DefaultName = "default";

    /// <summary>
    /// Resolves a name or ARN in the caller's region and account (an ARN without an account means the caller's);
    /// an ARN elsewhere resolves to nothing.
    /// </summary>
    public static ClusterReference? Resolve(string? nameOrArn, EcsRequestContext context)
    {
        if (string.IsNullOrEmpty(nameOrArn))
        {
            return ForName(DefaultName, context);
        }

        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            return IsValidName(nameOrArn) ? ForName(nameOrArn, context) : null;
        }

        var match = ClusterArn().Match(EcsArn.InAccount(nameOrArn, context.AccountId));
        return match.Success && match.Groups["region"].Value == context.Region && match.Groups["account"].Value == context.AccountId
            ? ForName(match.Groups["name"].Value, context)
            : null;
    }

    public static ClusterReference ForName(string name, EcsRequestContext context) =>
        new(name, context.Arn($"cluster/{name}"));

    public static bool IsValidName(string name) => ClusterName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ClusterName();

    [GeneratedRegex("^arn:aws[a-z-]*:ecs:(?<region>[^:]+):(?<account>[^:]+):cluster/(?<name>[A-Za-z0-9_-]{1,255})$")]
    private static partial Regex ClusterArn();
}
