using Kecs.Ecs.Internal;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;

namespace Kecs.Scheduler.Reporting;

/// <summary>
/// Sends queued observations to EcsApi: everything that queued up while the previous batch was in
/// flight goes in the next one, and a batch EcsApi did not take is sent again until it does.
/// Applying a report twice is harmless (the lifecycle only moves forward), so retrying is safe.
/// </summary>
public sealed class ReportSender(ReportQueue queue, EcsApiInternalClient ecsApi, TimeProvider clock, ILogger<ReportSender> logger)
    : BackgroundService
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await queue.Reader.WaitToReadAsync(stoppingToken))
        {
            var report = new ObservedStateReport();
            while (report.Tasks.Count < MaxBatch && queue.Reader.TryRead(out var task))
            {
                report.Tasks.Add(task);
            }

            await SendUntilTakenAsync(report, stoppingToken);
        }
    }

    private async Task SendUntilTakenAsync(ObservedStateReport report, CancellationToken stoppingToken)
    {
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        while (true)
        {
            try
            {
                if (await ecsApi.ReportAsync(report, stoppingToken) is { } result)
                {
                    logger.LogDebug("Reported {Count} observations; EcsApi applied {Applied}", report.Tasks.Count, result.Applied);
                }
                else
                {
                    logger.LogError("EcsApi refused a report of {Count} observations as malformed; dropping it", report.Tasks.Count);
                }

                return;
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = backoff.Failed();
                logger.LogWarning("EcsApi did not take a report ({Error}); retrying in {Backoff}", error.Message, delay);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }
}
