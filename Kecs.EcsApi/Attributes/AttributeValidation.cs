using System.Text.RegularExpressions;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Attributes;

/// <summary>
/// Custom attributes as ECS takes them: a name of 1 to 128 letters, numbers, hyphens, underscores, forward or back
/// slashes and periods; a value (optional) of 1 to 128 of those, at signs, colons and spaces, neither starting nor ending
/// with a space; at most 10 of them on a resource, beside the ones the agent reports (<c>ecs.*</c>, <c>com.amazonaws.ecs.*</c>).
/// </summary>
public static partial class AttributeValidation
{
    private const int MaxCustom = 10;

    public static void Check(EcsAttribute attribute)
    {
        var name = Required.Value(attribute.Name, "attributes.name");
        if (!Name().IsMatch(name))
        {
            throw EcsException.InvalidParameter(
                $"Invalid attribute name '{name}'. Up to 128 letters (uppercase and lowercase), numbers, hyphens, underscores, forward slashes, back slashes and periods are allowed.");
        }

        if (attribute.Value is { } value && (!Value().IsMatch(value) || value.StartsWith(' ') || value.EndsWith(' ')))
        {
            throw EcsException.InvalidParameter(
                $"Invalid value '{value}' of attribute {name}. Up to 128 letters (uppercase and lowercase), numbers, hyphens, underscores, periods, at signs, "
                + "forward slashes, back slashes, colons and spaces are allowed, and the value can't start or end with a space.");
        }
    }

    /// <summary>Checks that a resource keeps at most 10 custom attributes.</summary>
    public static void RequireWithinLimit(IEnumerable<EcsAttribute> attributes, string resource)
    {
        var custom = attributes.Count(attribute => IsCustom(attribute.Name!));
        if (custom > MaxCustom)
        {
            throw new EcsException("AttributeLimitExceededException",
                $"You can apply up to {MaxCustom} custom attributes for each resource, and {resource} would have {custom}. "
                + "Remove attributes with DeleteAttributes first.");
        }
    }

    private static bool IsCustom(string name) =>
        !name.StartsWith("ecs.", StringComparison.Ordinal) && !name.StartsWith("com.amazonaws.ecs.", StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z0-9_./\\-]{1,128}$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^[A-Za-z0-9_.@/\\: -]{1,128}$")]
    private static partial Regex Value();
}
