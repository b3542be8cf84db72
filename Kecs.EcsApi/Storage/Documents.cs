using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// Resources are stored as their ECS wire shape in a JSON column, and held in memory as that JSON's UTF-8 bytes (half
/// the size of a string, and what System.Text.Json reads and writes natively); these read and write them.
/// </summary>
public static class Documents
{
    public static byte[] Write<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);

    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json, type) ?? throw new InvalidOperationException($"A stored {typeof(T).Name} is empty.");

    public static T Copy<T>(T value, JsonTypeInfo<T> type) => Read(Write(value, type), type);

    /// <summary>Moves the members two shapes share (same names, same JSON types) from one to the other.</summary>
    public static TTo Convert<TFrom, TTo>(TFrom value, JsonTypeInfo<TFrom> from, JsonTypeInfo<TTo> to) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, from), to)
        ?? throw new InvalidOperationException($"{typeof(TFrom).Name} did not convert to {typeof(TTo).Name}.");
}
