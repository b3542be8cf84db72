using System.Globalization;
using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>
/// A task definition as a request names it: <c>family</c> (the latest ACTIVE revision),
/// <c>family:revision</c>, or a task definition ARN in the caller's region and account.
/// </summary>
public sealed partial record TaskDefinitionReference(string Family, int? Revision)
{
    public static TaskDefinitionReference? Parse(string? value, EcsRequestContext context)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var text = value;
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = EcsArn.Parse(EcsArn.InAccount(value, context.AccountId));
            if (arn is null || arn.ResourceType != "task-definition" || arn.Region != context.Region || arn.Account != context.AccountId)
            {
                return null;
            }

            text = arn.ResourcePath;
        }

        var match = FamilyAndRevision().Match(text);
        if (!match.Success)
        {
            return null;
        }

        int? revision = match.Groups["revision"].Success
            ? int.Parse(match.Groups["revision"].Value, CultureInfo.InvariantCulture)
            : null;
        return revision is 0 ? null : new TaskDefinitionReference(match.Groups["family"].Value, revision);
    }

    public static bool IsValidFamily(string family) => FamilyName().IsMatch(family);

    public static string Arn(EcsRequestContext context, string family, int revision) =>
        context.Arn($"task-definition/{family}:{revision.ToString(CultureInfo.InvariantCulture)}");

    [GeneratedRegex("^(?<family>[A-Za-z0-9_-]{1,255})(:(?<revision>[0-9]{1,9}))?$")]
    private static partial Regex FamilyAndRevision();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex FamilyName();
}
