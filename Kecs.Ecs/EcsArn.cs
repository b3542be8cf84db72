namespace Kecs.Ecs;

/// <summary>
/// An ECS ARN taken apart: <c>arn:aws:ecs:REGION:ACCOUNT:TYPE/PATH</c>, for example
/// <c>task/CLUSTER/ID</c> or <c>task-definition/FAMILY:REVISION</c>.
/// </summary>
public sealed record EcsArn(string Region, string Account, string ResourceType, string ResourcePath)
{
    public static EcsArn? Parse(string? value)
    {
        var parts = value?.Split(':', 6);
        if (parts is not { Length: 6 } || parts[0] != "arn" || !parts[1].StartsWith("aws", StringComparison.Ordinal) || parts[2] != "ecs")
        {
            return null;
        }

        var slash = parts[5].IndexOf('/');
        return slash <= 0 || slash == parts[5].Length - 1 || parts[3].Length == 0 || parts[4].Length == 0
            ? null
            : new EcsArn(parts[3], parts[4], parts[5][..slash], parts[5][(slash + 1)..]);
    }

    /// <summary>
    /// The value with <paramref name="account"/> in an empty account field. An ECS ARN without an account means the
    /// caller's account: Terraform's AWS provider, configured for an emulator with <c>skip_requesting_account_id</c>,
    /// builds such ARNs when it imports.
    /// </summary>
    public static string InAccount(string value, string account)
    {
        var parts = value.Split(':', 6);
        return parts is ["arn", _, "ecs", _, "", _] ? $"{parts[0]}:{parts[1]}:{parts[2]}:{parts[3]}:{account}:{parts[5]}" : value;
    }

    /// <summary>The path split on <c>/</c>: a service ARN gives [cluster, name], a task ARN [cluster, id].</summary>
    public string[] Segments => ResourcePath.Split('/');
}
