using System.Text.Json.Serialization;
using Kecs.Ecs.Model;

namespace Kecs.Ecs.Internal;

/// <summary>The internal API between EcsApi and the Scheduler: paths, the token header, and its JSON.</summary>
public static class InternalApi
{
    public const string TokenHeader = "X-Kecs-Internal-Token";
    public const string ChangesPath = "/internal/v1/changes";
    public const string ReportsPath = "/internal/v1/reports";
    public const string ServiceActionsPath = "/internal/v1/service-actions";

    /// <summary>The longest a change-feed request waits for a change before answering with none.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ChangeFeedPage))]
[JsonSerializable(typeof(ObservedStateReport))]
[JsonSerializable(typeof(ReportResult))]
[JsonSerializable(typeof(ServiceActions))]
[JsonSerializable(typeof(ServiceActionsResult))]
public sealed partial class InternalJsonContext : JsonSerializerContext;
