using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Tasks;

/// <summary>A RunTask clientToken already used in a cluster: the request it came with and the tasks it started.</summary>
public sealed record RunTaskToken(string RequestHash, List<string> TaskArns);

/// <summary>RunTask's idempotency: a repeated clientToken returns the tasks it started the first time.</summary>
public static class RunTaskTokens
{
    public static RunTaskToken? Find(EcsState state, string clusterArn, string token) =>
        state.RunTaskTokens.TryGetValue(RowKey.Of(clusterArn, token), out var row)
            ? new RunTaskToken(row.RequestHash, Documents.Read(row.TaskArns, EcsJsonContext.Default.ListString))
            : null;

    public static void Save(StateWrite write, string clusterArn, string token, string requestHash, List<string> taskArns, DateTimeOffset now) =>
        write.Put(new RunTaskTokenRow(clusterArn, token, requestHash, Documents.Write(taskArns, EcsJsonContext.Default.ListString), now));
}
