using System.Text.Json.Nodes;

namespace Kecs.Ecs.Internal;

/// <summary>EcsApi's own account of itself for AdminApi: where the state lives and which region and account it serves.</summary>
public sealed class EcsApiStatus
{
    public string DatabasePath { get; set; } = "";
    public long DatabaseSizeBytes { get; set; }
    public DateTimeOffset? LastWriteAt { get; set; }

    /// <summary>DuckDB transactions committed to persist writes since start (also the metric kecs_storage_commits_total).</summary>
    public long Commits { get; set; }

    public string DefaultRegion { get; set; } = "";
    public string AccountId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public string Version { get; set; } = "";
}

/// <summary>What a reset removed, and the change-feed sequence the Scheduler must pass to have removed it too.</summary>
public sealed class ResetResult
{
    public long Sequence { get; set; }
    public int Clusters { get; set; }
    public int Services { get; set; }
    public int Tasks { get; set; }
    public int TaskDefinitions { get; set; }
}

/// <summary>The whole ECS state as rows of its tables, for export and import; only a Kecs of the same schema step imports it.</summary>
public sealed class StateSnapshot
{
    public const string FormatName = "kecs-state-snapshot";

    public string Format { get; set; } = FormatName;
    public int SchemaStep { get; set; }
    public DateTimeOffset ExportedAt { get; set; }
    public Dictionary<string, List<JsonObject>> Tables { get; set; } = [];
}

/// <summary>How far the Scheduler has converged, for health, metrics and for waiting out a reset.</summary>
public sealed class SchedulerStatus
{
    public string Runtime { get; set; } = "";
    public string Detail { get; set; } = "";
    public string? KubeContext { get; set; }
    public string? ApiServer { get; set; }
    public string? ApiServerVersion { get; set; }
    public string? ApiServerError { get; set; }
    public long FeedSequence { get; set; }
    public bool CaughtUp { get; set; }
    public int QueueDepth { get; set; }
    public double OldestUnconvergedSeconds { get; set; }
}
