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
            if (!StartsWithObject(json.Span))
            {
                throw EcsException.Serialization("The request body must be a JSON object.");
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

    // System.Text.Json messages name CLR types ("System.Int32"); say what the caller sent wrong instead.
    private static string Describe(JsonException e) =>
        e.InnerException is InvalidOperationException or FormatException || e.Message.Contains("could not be converted")
            ? "the value has the wrong JSON type for this member."
            : "the JSON is malformed.";
}
