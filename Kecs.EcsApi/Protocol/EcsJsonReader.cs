using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kecs.EcsApi.Protocol;

/// <summary>Reads a request body into its typed shape; anything unreadable is a SerializationException.</summary>
public static class EcsJsonReader
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    public static T Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
    {
        // The AWS CLI sends "{}" for an operation without arguments; some clients send nothing at all.
        var json = body.IsEmpty ? EmptyObject : body;
        try
        {
            if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            {
                throw EcsException.Serialization("The request body is not valid UTF-8.");
            }

            if (!StartsWithObject(json.Span))
            {
                throw EcsException.Serialization("The request body must be a JSON object.");
            }

            if (NullInList(json.Span) is { } path)
            {
                throw EcsException.Serialization($"The request body could not be read at {path}: a list cannot hold null.");
            }

            return JsonSerializer.Deserialize(json.Span, typeInfo)
                   ?? throw EcsException.Serialization("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw EcsException.Serialization($"The request body could not be read{at}: {Describe(e)}");
        }
    }

    private static bool StartsWithObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return reader.Read() && reader.TokenType == JsonTokenType.StartObject;
    }

    /// <summary>The path of the first null that stands directly in a JSON array, or null when there is none.</summary>
    private static string? NullInList(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var path = new Stack<(bool InArray, int Index, string Name)>();
        var member = "";
        while (reader.Read())
        {
            if (path.TryPeek(out var parent) && parent.InArray && reader.TokenType != JsonTokenType.EndArray)
            {
                path.Pop();
                path.Push(parent with { Index = parent.Index + 1 });
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return "$" + string.Concat(path.Reverse().Select(p => p.InArray ? $"{p.Name}[{p.Index}]" : p.Name));
                }
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    // Decoded leniently: this only names where the problem is, and the name may not be valid UTF-8.
                    member = "." + Encoding.UTF8.GetString(reader.ValueSpan);
                    break;
                case JsonTokenType.StartArray or JsonTokenType.StartObject:
                    path.Push((reader.TokenType == JsonTokenType.StartArray, -1, path.Count == 0 || path.Peek().InArray ? "" : member));
                    break;
                case JsonTokenType.EndArray or JsonTokenType.EndObject:
                    path.Pop();
                    break;
            }
        }

        return null;
    }

    // System.Text.Json messages name CLR types ("System.Int32"); say what the caller sent wrong instead.
    private static string Describe(JsonException e) =>
        e.InnerException is InvalidOperationException or FormatException || e.Message.Contains("could not be converted")
            ? "the value has the wrong JSON type for this member."
            : "the JSON is malformed.";
}
