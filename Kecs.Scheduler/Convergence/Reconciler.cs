using Kecs.Scheduler.Companion.Logs;
using Kecs.Scheduler.Observability;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Convergence;

/// <summary>Workers that take queued tasks, services, daemons and clusters and converge each one.</summary>
public sealed class Reconciler(
    ReconcileQueue queue, DesiredState state, ServiceScheduler services, DaemonScheduler daemons, LogShipping logs, SchedulerMetrics metrics,
    TimeProvider clock, ILogger<Reconciler> logger)
{
    private const int Workers = 4;

    public Task RunAsync(ITaskRuntime runtime, CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(runtime, stoppingToken)));

    private async Task WorkAsync(ITaskRuntime runtime, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            WorkItem item;
            try
            {
                item = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var started = clock.GetTimestamp();
            try
            {
                await (item.Kind switch
                {
                    WorkKind.Task => ReconcileTaskAsync(item.Arn, runtime, stoppingToken),
                    WorkKind.Service => services.ReconcileAsync(item.Arn, runtime, stoppingToken),
                    WorkKind.Daemon => daemons.ReconcileAsync(item.Arn, runtime, stoppingToken),
                    WorkKind.Node => runtime.ReconcileNodeAsync(item.Arn, state.NodeStatus(item.Arn), stoppingToken),
                    _ => runtime.ReconcileClusterAsync(item.Arn, state.Cluster(item.Arn), stoppingToken),
                });
                queue.Forget(item);
            }
            catch (ConvergencePendingException pending) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = queue.Retry(item, stoppingToken);
                logger.LogDebug("{Kind} {Arn} cannot converge yet ({Reason}); looking again in {Delay}", item.Kind, item.Arn, pending.Message, delay);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = queue.Retry(item, stoppingToken);
                logger.LogWarning(error, "Converging {Kind} {Arn} failed; retrying in {Delay}", item.Kind, item.Arn, delay);
            }
            finally
            {
                metrics.Reconciled(item.Kind, clock.GetElapsedTime(started));
                queue.Done(item);
            }
        }
    }

    /// <summary>
    /// Converges the task's containers and the shipping of their logs. A service task that cannot be placed makes its service
    /// look again, so the service can say why.
    /// </summary>
    private async Task ReconcileTaskAsync(string taskArn, ITaskRuntime runtime, CancellationToken cancellation)
    {
        var desired = state.Task(taskArn);
        await runtime.ReconcileTaskAsync(taskArn, desired, cancellation);
        logs.Reconcile(taskArn, desired, runtime, cancellation);
        if (desired?.ServiceArn is { } serviceArn && runtime.PlacementProblem(taskArn) is not null)
        {
            queue.Enqueue(WorkItem.ForService(serviceArn));
        }
    }
}
