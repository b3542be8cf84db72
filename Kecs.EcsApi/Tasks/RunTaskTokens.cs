using DuckDB.NET.Data;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Tasks;

/// <summary>A RunTask clientToken already used in a cluster: the request it came with and the tasks it started.</summary>
public sealed record RunTaskToken(string RequestHash, List<string> TaskArns);

/// <summary>RunTask's idempotency: a repeated clientToken returns the tasks it started the first time.</summary>
public static class RunTaskTokens
{
    public static RunTaskToken? Find(DuckDBConnection connection, string clusterArn, string token) =>
        connection.Query(
            "SELECT request_hash, task_arns FROM run_task_tokens WHERE cluster_arn = $1 AND client_token = $2",
            reader => new RunTaskToken(reader.GetString(0), Documents.Read(reader.GetString(1), EcsJsonContext.Default.ListString)),
            clusterArn, token).SingleOrDefault();

    public static void Save(DuckDBConnection connection, string clusterArn, string token, string requestHash, List<string> taskArns, DateTimeOffset now) =>
        connection.Execute(
            "INSERT INTO run_task_tokens VALUES ($1, $2, $3, $4, $5)",
            clusterArn, token, requestHash, Documents.Write(taskArns, EcsJsonContext.Default.ListString), now);
}
