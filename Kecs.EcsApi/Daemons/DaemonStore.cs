using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Daemons;

/// <summary>Daemons, one row per ARN (<c>daemon/CLUSTER/NAME</c>); every change to one goes to the change feed for the Scheduler.</summary>
public static class DaemonStore
{
    public const string Active = "ACTIVE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";

    public static StoredDaemon? Find(EcsState state, string arn) =>
        state.Daemons.TryGetValue(arn, out var row) ? Documents.Read(row.Document, EcsJsonContext.Default.StoredDaemon) : null;

    /// <summary>The daemon a request names by ARN: ClusterNotFoundException when its cluster is gone, DaemonNotFoundException when it is.</summary>
    public static StoredDaemon Require(EcsState state, string? value, EcsRequestContext context)
    {
        var arn = Required.Value(value, "daemonArn");
        var parsed = EcsArn.Parse(EcsArn.InAccount(arn, context.AccountId));
        if (parsed is not { ResourceType: "daemon", Segments.Length: 2 } || parsed.Region != context.Region || parsed.Account != context.AccountId)
        {
            throw EcsException.InvalidParameter($"'{arn}' is not a daemon ARN of this account and region (arn:aws:ecs:{context.Region}:{context.AccountId}:daemon/CLUSTER/NAME).");
        }

        if (ClusterStore.Find(state, context.Arn($"cluster/{parsed.Segments[0]}")) is not { Status: "ACTIVE" })
        {
            throw EcsException.ClusterNotFound();
        }

        return Find(state, context.Arn($"daemon/{parsed.ResourcePath}")) is { Status: not StoredDaemon.Deleted } daemon
            ? daemon
            : throw NotFound(arn);
    }

    public static EcsException NotFound(string arn) =>
        new("DaemonNotFoundException", $"The daemon {arn} was not found. ListDaemons shows the daemons of a cluster.");

    public static void Save(StateWrite write, StoredDaemon daemon)
    {
        write.Put(new DaemonRow(daemon.DaemonArn, daemon.ClusterArn, daemon.Status, Documents.Write(daemon, EcsJsonContext.Default.StoredDaemon)));
        write.Changed(ChangeKind.Daemon, daemon.DaemonArn);
    }

    /// <summary>The daemons of one cluster, or of all the caller's clusters, that have not finished being deleted.</summary>
    public static IEnumerable<StoredDaemon> Listed(EcsState state, EcsRequestContext context, string? clusterArn) =>
        state.Daemons.Values
            .Where(row => row.Status != StoredDaemon.Deleted
                          && (clusterArn is null ? row.ClusterArn.StartsWith(context.Arn("cluster/"), StringComparison.Ordinal) : row.ClusterArn == clusterArn))
            .Select(row => Documents.Read(row.Document, EcsJsonContext.Default.StoredDaemon));

    /// <summary>True while an ACTIVE daemon's target revision runs this daemon task definition.</summary>
    public static bool AnyActiveRuns(EcsState state, string daemonTaskDefinitionArn) =>
        state.Daemons.Values.Where(row => row.Status == Active)
            .Select(row => Documents.Read(row.Document, EcsJsonContext.Default.StoredDaemon))
            .Any(daemon => daemon.TargetRevision?.DaemonTaskDefinitionArn == daemonTaskDefinitionArn);

    /// <summary>The daemon's tasks that have not stopped.</summary>
    public static List<EcsTask> LiveTasks(EcsState state, StoredDaemon daemon) =>
        TaskStore.LiveIn(state, daemon.ClusterArn).Where(row => row.DaemonArn == daemon.DaemonArn).Select(TaskStore.Read).ToList();
}
