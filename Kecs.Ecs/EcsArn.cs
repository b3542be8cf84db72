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

    /// <summary>The path split on <c>/</c>: a service ARN gives [cluster, name], a task ARN [cluster, id].</summary>
    public string[] Segments => ResourcePath.Split('/');
}
