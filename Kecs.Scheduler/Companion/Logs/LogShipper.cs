using System.Text;
using System.Threading.Channels;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Companion.Logs;

/// <summary>
/// Ships one container's log to its CloudWatch Logs stream as the <c>awslogs</c> driver does: each line with the time it was
/// written, in batches at most <see cref="BatchWindow"/> apart. It starts where the stream ends (the companion's last event
/// and how many share its time), so a Scheduler that starts again, or a reconnect, neither loses nor repeats a line. It ends
/// once the container has stopped and every line is written, when the task is gone, or when its log group is gone and
/// may not be made again.
/// </summary>
public sealed class LogShipper(CloudWatchLogs logs, DesiredState state, TimeProvider clock, ILogger logger)
{
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(200);

    private const int BufferedLines = 100_000;

    public async Task RunAsync(ITaskRuntime runtime, string taskArn, string container, AwsLogsDestination destination, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        while (!cancellation.IsCancellationRequested && state.Task(taskArn) is { } desired)
        {
            try
            {
                await ShipAsync(runtime, desired, container, destination, cancellation);
                if (!StillRunning(taskArn, container))
                {
                    return;
                }

                // The log ended while the container runs (a dropped connection): read on from where the stream ends.
                await Task.Delay(backoff.Failed(), clock, cancellation);
            }
            catch (TaskLogsUnavailableException) when (state.Task(taskArn) is null or { HasStopped: true })
            {
                return;
            }
            catch (TaskStartFailure gone)
            {
                // The group was deleted and may not be created again: the rest of the log has nowhere to go.
                logger.LogWarning("Stopped shipping the log of container {Container} of task {TaskArn}: {Reason}", container, taskArn, gone.Reason);
                return;
            }
            catch (Exception error) when (!cancellation.IsCancellationRequested)
            {
                var delay = backoff.Failed();
                logger.LogDebug("Shipping the log of container {Container} of task {TaskArn} stopped ({Reason}); resuming in {Delay}",
                    container, taskArn, error.Message, delay);
                await Task.Delay(delay, clock, cancellation);
            }
        }
    }

    /// <summary>True while the ECS state says the container has not stopped (it lags the runtime a little).</summary>
    private bool StillRunning(string taskArn, string container) =>
        state.Task(taskArn) is { WantsToRun: true } desired
        && desired.Task.Containers?.FirstOrDefault(c => c.Name == container)?.LastStatus != Kecs.Ecs.TaskLifecycle.Stopped;

    private async Task ShipAsync(ITaskRuntime runtime, DesiredTask desired, string container, AwsLogsDestination destination, CancellationToken cancellation)
    {
        var (lastTimestamp, countAtLast) = await logs.EndOfStreamAsync(destination, cancellation);
        var lines = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(BufferedLines) { SingleReader = true, SingleWriter = true });
        // The reader follows the log on its own; leaving early (the group is gone) must not leave it holding the log open.
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reading = ReadAsync(runtime, desired, container, lastTimestamp, countAtLast, lines.Writer, leaving.Token);
        try
        {
            while (await lines.Reader.WaitToReadAsync(cancellation))
            {
                await Task.Delay(BatchWindow, clock, cancellation);
                while (NextBatch(lines.Reader) is { Count: > 0 } batch)
                {
                    await PutAsync(destination, batch, cancellation);
                }
            }

            await reading;
        }
        finally
        {
            await leaving.CancelAsync();
        }
    }

    /// <summary>The container's lines after the stream's end into <paramref name="lines"/>, completed when the log ends or fails.</summary>
    private static async Task ReadAsync(
        ITaskRuntime runtime, DesiredTask desired, string container, long lastTimestamp, int countAtLast, ChannelWriter<LogLine> lines,
        CancellationToken cancellation)
    {
        try
        {
            var skippedAtLast = 0;
            await foreach (var line in runtime.FollowLogAsync(desired, container, cancellation))
            {
                var timestamp = line.Timestamp.ToUnixTimeMilliseconds();
                if (timestamp < lastTimestamp || (timestamp == lastTimestamp && skippedAtLast++ < countAtLast))
                {
                    continue;
                }

                await lines.WriteAsync(line, cancellation);
            }
        }
        finally
        {
            lines.TryComplete();
        }
    }

    private static List<LogLine> NextBatch(ChannelReader<LogLine> lines)
    {
        var batch = new List<LogLine>();
        var bytes = 0;
        while (batch.Count < CloudWatchLogs.MaxEvents && lines.TryPeek(out var next)
               && bytes + Math.Min(CloudWatchLogs.SizeOf(next), CloudWatchLogs.MaxEventBytes + CloudWatchLogs.EventOverheadBytes) <= CloudWatchLogs.MaxBatchBytes
               && lines.TryRead(out var line))
        {
            var fitted = Fit(line);
            bytes += CloudWatchLogs.SizeOf(fitted);
            batch.Add(fitted);
        }

        return batch;
    }

    /// <summary>A line longer than CloudWatch Logs takes in one event is cut, as the driver cuts it.</summary>
    private static LogLine Fit(LogLine line)
    {
        if (Encoding.UTF8.GetByteCount(line.Text) <= CloudWatchLogs.MaxEventBytes)
        {
            return line;
        }

        var bytes = Encoding.UTF8.GetBytes(line.Text);
        return line with { Text = Encoding.UTF8.GetString(bytes, 0, CloudWatchLogs.MaxEventBytes).TrimEnd('\uFFFD') };
    }

    /// <summary>Writes a batch, trying again until it is written: a line read is never dropped.</summary>
    private async Task PutAsync(AwsLogsDestination destination, List<LogLine> batch, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        while (true)
        {
            try
            {
                await logs.PutAsync(destination, batch, cancellation);
                return;
            }
            catch (Exception error) when (!cancellation.IsCancellationRequested && error is not TaskStartFailure)
            {
                var delay = backoff.Failed();
                logger.LogDebug("Writing {Count} lines to {Group}/{Stream} failed ({Reason}); trying again in {Delay}",
                    batch.Count, destination.Group, destination.Stream, error.Message, delay);
                await Task.Delay(delay, clock, cancellation);
            }
        }
    }
}
