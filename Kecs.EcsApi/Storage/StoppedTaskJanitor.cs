using Kecs.Ecs.Internal;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// Purges what ECS forgets: stopped tasks once they have been stopped longer than the retention
/// (ECS keeps them describable for at least an hour), RunTask client tokens older than a day, and
/// task definitions marked DELETE_IN_PROGRESS that no task or service uses any more.
/// </summary>
public sealed partial class StoppedTaskJanitor(
    EcsStore store, TimeProvider clock, IOptions<EcsOptions> options, ILogger<StoppedTaskJanitor> logger) : BackgroundService
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
        return store.WriteAsync(write =>
        {
            var expired = write.State.Tasks.Values
                .Where(task => task.LastStatus == "STOPPED" && task.StoppedAt < now - options.Value.StoppedTaskRetention)
                .ToList();
            foreach (var task in expired)
            {
                write.Delete(task);
                ResourceTagStore.Remove(write, task.Arn);
                write.Changed(ChangeKind.Task, task.Arn);
            }

            foreach (var token in write.State.RunTaskTokens.Values.Where(token => token.CreatedAt < now - TokenRetention).ToList())
            {
                write.Delete(token);
            }

            var deleting = write.State.TaskDefinitions.Values.Where(definition => definition.Status == TaskDefinitionStore.DeleteInProgress).ToList();
            var used = deleting.Count == 0
                ? []
                : write.State.Tasks.Values.Select(task => task.TaskDefinition)
                    .Concat(write.State.Services.Values
                        .Where(service => service.Status != ServiceStore.Inactive)
                        .Select(service => ServiceStore.Read(service).TaskDefinition))
                    .ToHashSet();
            foreach (var definition in deleting.Where(definition => !used.Contains(definition.Arn)))
            {
                write.Delete(definition);
                ResourceTagStore.Remove(write, definition.Arn);
            }

            return expired.Count;
        }, cancellation);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging stopped tasks failed; the next run will try again.")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
