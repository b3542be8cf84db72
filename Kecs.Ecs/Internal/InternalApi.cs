using System.Text.Json.Serialization;
using Kecs.Ecs.Model;

namespace Kecs.Ecs.Internal;

/// <summary>The internal API between EcsApi, the Scheduler and AdminApi: paths, the token header, and its JSON.</summary>
public static class InternalApi
{
    public const string TokenHeader = "X-Kecs-Internal-Token";
    public const string ChangesPath = "/internal/v1/changes";
    public const string ReportsPath = "/internal/v1/reports";
    public const string ServiceActionsPath = "/internal/v1/service-actions";
    public const string DaemonActionsPath = "/internal/v1/daemon-actions";
    public const string NodesPath = "/internal/v1/nodes";
    public const string StatusPath = "/internal/v1/status";
    public const string ResetPath = "/internal/v1/reset";
    public const string SnapshotPath = "/internal/v1/snapshot";
    public const string TaskLogsPath = "/internal/v1/tasks/{taskId}/logs";

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
[JsonSerializable(typeof(DaemonActions))]
[JsonSerializable(typeof(NodeReport))]
[JsonSerializable(typeof(EcsApiStatus))]
[JsonSerializable(typeof(ResetResult))]
[JsonSerializable(typeof(StateSnapshot))]
[JsonSerializable(typeof(SchedulerStatus))]
public sealed partial class InternalJsonContext : JsonSerializerContext;
