using System.Text.RegularExpressions;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// The part of ECS's cluster query language that speaks of attributes, as ListContainerInstances filters and
/// memberOf constraints use it: <c>attribute:NAME == VALUE</c>, <c>!=</c>, <c>attribute:NAME exists</c>,
/// <c>attribute:NAME in [A, B]</c> and <c>not_in</c>, combined with <c>and</c>, <c>or</c> (and before or) and parentheses.
/// </summary>
public sealed partial class ClusterQuery
{
    private readonly Func<IReadOnlyList<EcsAttribute>, bool> _matches;

    private ClusterQuery(Func<IReadOnlyList<EcsAttribute>, bool> matches) => _matches = matches;

    public static ClusterQuery Parse(string expression)
    {
        var tokens = Token().Matches(expression).Select(match => match.Value).ToList();
        var position = 0;
        var query = Or(tokens, ref position);
        return position == tokens.Count ? new ClusterQuery(query) : throw Invalid(expression);
    }

    public bool Matches(IReadOnlyList<EcsAttribute> attributes) => _matches(attributes);

    private static Func<IReadOnlyList<EcsAttribute>, bool> Or(List<string> tokens, ref int position)
    {
        var left = And(tokens, ref position);
        while (position < tokens.Count && tokens[position].Equals("or", StringComparison.OrdinalIgnoreCase))
        {
            position++;
            var (a, b) = (left, And(tokens, ref position));
            left = attributes => a(attributes) || b(attributes);
        }

        return left;
    }

    private static Func<IReadOnlyList<EcsAttribute>, bool> And(List<string> tokens, ref int position)
    {
        var left = Term(tokens, ref position);
        while (position < tokens.Count && tokens[position].Equals("and", StringComparison.OrdinalIgnoreCase))
        {
            position++;
            var (a, b) = (left, Term(tokens, ref position));
            left = attributes => a(attributes) && b(attributes);
        }

        return left;
    }

    private static Func<IReadOnlyList<EcsAttribute>, bool> Term(List<string> tokens, ref int position)
    {
        var expression = string.Join(' ', tokens);
        if (position < tokens.Count && tokens[position] == "(")
        {
            position++;
            var inner = Or(tokens, ref position);
            return position < tokens.Count && tokens[position++] == ")" ? inner : throw Invalid(expression);
        }

        if (position + 1 >= tokens.Count || !tokens[position].StartsWith("attribute:", StringComparison.Ordinal))
        {
            throw Invalid(expression);
        }

        var name = tokens[position]["attribute:".Length..];
        var op = tokens[position + 1].ToLowerInvariant();
        position += 2;
        switch (op)
        {
            case "exists":
                return attributes => Value(attributes, name) is not null;
            case "==" or "!=" when position < tokens.Count:
                var value = tokens[position++];
                return op == "==" ? attributes => Value(attributes, name) == value : attributes => Value(attributes, name) != value;
            case "in" or "not_in" when position < tokens.Count && tokens[position] == "[":
                var values = new List<string>();
                for (position++; position < tokens.Count && tokens[position] != "]"; position++)
                {
                    if (tokens[position] != ",")
                    {
                        values.Add(tokens[position]);
                    }
                }

                if (position++ >= tokens.Count)
                {
                    throw Invalid(expression);
                }

                return op == "in"
                    ? attributes => Value(attributes, name) is { } v && values.Contains(v)
                    : attributes => Value(attributes, name) is not { } v || !values.Contains(v);
            default:
                throw Invalid(expression);
        }
    }

    private static string? Value(IReadOnlyList<EcsAttribute> attributes, string name) =>
        attributes.FirstOrDefault(attribute => attribute.Name == name) is { } found ? found.Value ?? "" : null;

    private static EcsException Invalid(string expression) => EcsException.InvalidParameter(
        $"'{expression}' is not a cluster query Kecs understands: use attribute:NAME with ==, !=, exists, in [..] or not_in [..], joined by and/or.");

    [GeneratedRegex(@"\(|\)|\[|\]|,|==|!=|[^\s()\[\],=!]+")]
    private static partial Regex Token();
}
