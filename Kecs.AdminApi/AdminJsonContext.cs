using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kecs.AdminApi.Health;
using Kecs.AdminApi.Operations;

namespace Kecs.AdminApi;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(InfoReport))]
[JsonSerializable(typeof(ResetReport))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
