using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// Request bodies for an operation drawn from its input shape in botocore's model: mostly well-formed
/// members, with wrong types, nulls, empty and very long strings, long lists, odd numbers and unknown
/// enum values mixed in. Deterministic for a seed.
/// </summary>
public sealed class ModelFuzzer(BotocoreEcsModel model, int seed)
{
    private static readonly JsonNode?[] Oddities =
    [
        null, 1, -1, 1e308, true, "", "\u0000", new string('x', 70_000), new JsonArray(), new JsonObject(),
        "arn:aws:ecs:us-east-1:123456789012:task/demo/0123456789abcdef0123456789abcdef",
    ];

    private static readonly string[] Strings =
    [
        "demo", "web", "web:1", "websvc", "", "a/b", "arn:aws:ecs:us-east-1:123456789012:cluster/demo",
        "arn:aws:ecs:us-east-1:123456789012:service/demo/websvc", "🙂🙂🙂", "../../etc/passwd", "' OR 1=1 --",
    ];

    private readonly Random _random = new(seed);

    public JsonObject Body(string operation) =>
        model.InputOf(operation) is { } input && Value(input, 0) is JsonObject body ? body : new JsonObject();

    private JsonNode? Value(string shapeName, int depth)
    {
        if (_random.NextDouble() < 0.1 && depth > 0)
        {
            return Oddities[_random.Next(Oddities.Length)]?.DeepClone();
        }

        var shape = model.Shape(shapeName);
        return shape["type"]!.GetValue<string>() switch
        {
            "structure" => Structure(shape, depth),
            "list" => new JsonArray(Enumerable.Range(0, _random.Next(10) == 0 ? 30 : _random.Next(3))
                .Select(_ => Value(shape["member"]!["shape"]!.GetValue<string>(), depth + 1)).ToArray()),
            "map" => new JsonObject { ["key"] = Value(shape["value"]!["shape"]!.GetValue<string>(), depth + 1) },
            "string" when shape["enum"] is JsonArray values => _random.Next(5) == 0 ? "BOGUS" : values[_random.Next(values.Count)]!.DeepClone(),
            "string" => Strings[_random.Next(Strings.Length)],
            "integer" or "long" => new long[] { 0, 1, 10, -5, int.MaxValue + 1L, 1_000_000_000_000 }[_random.Next(6)],
            "boolean" => _random.Next(2) == 0,
            "timestamp" => new double[] { 0, 1.5, -1, 4_102_444_800 }[_random.Next(4)],
            "double" or "float" => 0.5,
            _ => null,
        };
    }

    private JsonObject Structure(JsonNode shape, int depth)
    {
        var result = new JsonObject();
        if (depth > 4)
        {
            return result;
        }

        foreach (var (name, member) in shape["members"]!.AsObject())
        {
            if (_random.NextDouble() < 0.6)
            {
                result[name] = Value(member!["shape"]!.GetValue<string>(), depth + 1);
            }
        }

        if (_random.Next(10) == 0)
        {
            result["notAMember"] = "ignored";
        }

        return result;
    }
}
