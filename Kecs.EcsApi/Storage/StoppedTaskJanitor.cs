using Kecs.EcsApi.Protocol;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// Purges what ECS forgets: stopped tasks once they have been stopped longer than the retention
/// (ECS keeps them describable for at least an hour), RunTask client tokens older than a day, and
/// task definitions marked DELETE_IN_PROGRESS that no task or service uses any more.
/// </summary>
public sealed partial class StoppedTaskJanitor(
    EcsDatabase database, TimeProvider clock, IOptions<EcsOptions> options, ILogger<StoppedTaskJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan TokenRetention = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.JanitorInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPurgeFailed(logger, e);
            }
        }
    }

    public Task<int> PurgeAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(connection =>
        {
            var expired = connection.Query(
                "SELECT arn FROM tasks WHERE last_status = 'STOPPED' AND stopped_at < $1",
                reader => reader.GetString(0),
                now - options.Value.StoppedTaskRetention);
            foreach (var arn in expired)
            {
                connection.Execute("DELETE FROM tasks WHERE arn = $1", arn);
                connection.Execute("DELETE FROM resource_tags WHERE arn = $1", arn);
                ChangeLog.Record(connection, ChangeKind.Task, arn);
            }

            connection.Execute("DELETE FROM run_task_tokens WHERE created_at < $1", now - TokenRetention);
            var unused = connection.Query(
                """
                SELECT arn FROM task_definitions WHERE status = 'DELETE_IN_PROGRESS'
                    AND arn NOT IN (SELECT task_definition FROM tasks)
                    AND arn NOT IN (SELECT json_extract_string(document, '$.taskDefinition') FROM services WHERE status <> 'INACTIVE')
                """,
                reader => reader.GetString(0));
            foreach (var arn in unused)
            {
                connection.Execute("DELETE FROM task_definitions WHERE arn = $1", arn);
                connection.Execute("DELETE FROM resource_tags WHERE arn = $1", arn);
            }

            return expired.Count;
        }, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging stopped tasks failed; the next run will try again.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
