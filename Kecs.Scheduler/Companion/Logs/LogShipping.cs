using System.Collections.Concurrent;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Companion.Logs;

/// <summary>
/// Keeps one <see cref="LogShipper"/> running for each container with the <c>awslogs</c> driver of each task that runs or
/// ran, from the ECS state alone: after a restart every task's log is looked at again, and its shipper writes what the
/// stream does not have yet.
/// </summary>
public sealed class LogShipping(AwsCompanion companion, CloudWatchLogs logs, DesiredState state, TimeProvider clock, ILogger<LogShipping> logger)
{
    private readonly ConcurrentDictionary<(string Task, string Container), Task> _shippers = new();
    private readonly ConcurrentDictionary<(string Task, string Container), byte> _shipped = new();
    private readonly Lock _starting = new();

    public void Reconcile(string taskArn, DesiredTask? desired, ITaskRuntime runtime, CancellationToken stopping)
    {
        if (!companion.Configured)
        {
            return;
        }

        if (desired is null)
        {
            foreach (var key in _shipped.Keys.Where(key => key.Task == taskArn))
            {
                _shipped.TryRemove(key, out _);
            }

            return;
        }

        if (!desired.WantsToRun && desired.Task.StartedAt is null)
        {
            return;
        }

        foreach (var (container, destination) in AwsLogsDestination.OfTask(desired))
        {
            var key = (taskArn, container);
            lock (_starting)
            {
                if (!_shipped.ContainsKey(key) && !_shippers.ContainsKey(key))
                {
                    _shippers[key] = ShipAsync(key, runtime, destination, stopping);
                }
            }
        }
    }

    private async Task ShipAsync((string Task, string Container) key, ITaskRuntime runtime, AwsLogsDestination destination, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await new LogShipper(logs, state, clock, logger).RunAsync(runtime, key.Task, key.Container, destination, stopping);
            if (state.Task(key.Task) is not null)
            {
                _shipped[key] = 0;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _shippers.TryRemove(key, out _);
        }
    }
}
