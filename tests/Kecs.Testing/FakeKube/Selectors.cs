using System.Text.Json.Nodes;

namespace Kecs.Testing.FakeKube;

/// <summary>Kubernetes label selectors (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>) and field selectors.</summary>
public static class Selectors
{
    public static Func<JsonObject, bool> Parse(string? labelSelector, string? fieldSelector)
    {
        var labels = Terms(labelSelector);
        var fields = Terms(fieldSelector);
        return item =>
            labels.All(term => Holds(term, Label(item, term.Key))) &&
            fields.All(term => Holds(term, Field(item, term.Key)));
    }

    private static List<Term> Terms(string? selector) =>
        (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Term.Parse).ToList();

    private static bool Holds(Term term, string? value) => term.Operator switch
    {
        "=" => value == term.Value,
        "!=" => value != term.Value,
        "exists" => value is not null,
        _ => value is null,
    };

    private static string? Label(JsonObject item, string key) => item["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static string? Field(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node?.GetValue<string>();
    }

    private sealed record Term(string Key, string Operator, string? Value)
    {
        public static Term Parse(string text)
        {
            if (text.Contains("!=", StringComparison.Ordinal))
            {
                var parts = text.Split("!=", 2);
                return new Term(parts[0].Trim(), "!=", parts[1].Trim());
            }

            if (text.Contains('='))
            {
                var parts = text.Split('=', StringSplitOptions.RemoveEmptyEntries);
                return new Term(parts[0].Trim(), "=", parts[^1].Trim());
            }

            return text.StartsWith('!') ? new Term(text[1..], "absent", null) : new Term(text, "exists", null);
        }
    }
}
