using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kecs.Ecs.Model;

/// <summary>
/// ECS timestamps on the wire: epoch seconds as a JSON number with millisecond precision
/// (<c>1557119253.821</c>). Strict SDKs reject ISO-8601 strings here.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var seconds))
        {
            throw new JsonException("A timestamp must be a number of seconds since the epoch.");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);
}
