namespace Kecs.Scheduler.Companion;

/// <summary>
/// A Secrets Manager secret as a container's <c>valueFrom</c> names it:
/// <c>arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:JSON-KEY[:VERSION-STAGE[:VERSION-ID]]]</c>; empty parts are not given.
/// </summary>
public sealed record SecretsManagerReference(string SecretId, string Region, string? JsonKey, string? VersionStage, string? VersionId)
{
    public static SecretsManagerReference? TryParse(string valueFrom)
    {
        var parts = valueFrom.Split(':');
        if (parts is not [_, _, "secretsmanager", var region, _, "secret", _, ..])
        {
            return null;
        }

        return new SecretsManagerReference(string.Join(':', parts[..7]), region, Part(parts, 7), Part(parts, 8), Part(parts, 9));
    }

    private static string? Part(string[] parts, int index) => parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
}
