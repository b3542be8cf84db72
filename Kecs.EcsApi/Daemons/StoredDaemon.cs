using System.Text.Json.Serialization;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Daemons;

/// <summary>
/// A daemon as stored: what CreateDaemon and UpdateDaemon set, every revision it had and every deployment, newest last.
/// Its task counts are not stored: they are read from its tasks when it is described.
/// </summary>
public sealed class StoredDaemon
{
    /// <summary>Not a status ECS shows: the daemon was deleted and its tasks have stopped, so it is gone for every operation but its deployments.</summary>
    public const string Deleted = "DELETED";

    [JsonPropertyName("daemonArn")]
    public string DaemonArn { get; set; } = "";

    [JsonPropertyName("daemonName")]
    public string Name { get; set; } = "";

    [JsonPropertyName("clusterArn")]
    public string ClusterArn { get; set; } = "";

    [JsonPropertyName("status")]
    public string Status { get; set; } = "";

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }

    [JsonPropertyName("capacityProviderArns")]
    public List<string> CapacityProviderArns { get; set; } = [];

    /// <summary>The revision every instance should run; null once the daemon is being deleted.</summary>
    [JsonPropertyName("targetRevisionArn")]
    public string? TargetRevisionArn { get; set; }

    [JsonPropertyName("clientToken")]
    public string? ClientToken { get; set; }

    [JsonPropertyName("requestHash")]
    public string? RequestHash { get; set; }

    [JsonPropertyName("revisions")]
    public List<DaemonRevision> Revisions { get; set; } = [];

    [JsonPropertyName("deployments")]
    public List<DaemonDeployment> Deployments { get; set; } = [];

    [JsonIgnore]
    public DaemonDeployment LatestDeployment => Deployments[^1];

    [JsonIgnore]
    public DaemonRevision? TargetRevision => Revisions.FirstOrDefault(revision => revision.DaemonRevisionArn == TargetRevisionArn);

    /// <summary>A revision's id: the last part of its ARN, and the startedBy of its tasks.</summary>
    public static string IdOf(string revisionArn) => revisionArn[(revisionArn.LastIndexOf('/') + 1)..];
}
