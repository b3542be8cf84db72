using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kecs.AppHost;

/// <summary>
/// Aspire does not restart a process that exits. This restarts a Kecs service that exited on its own with a non-zero
/// code (it crashed, or was killed) after the <see cref="RestartPolicy"/>'s delay, through the resource's start
/// command. A service stopped on purpose (Ctrl+C, the dashboard's stop button) exits with 0 and stays stopped, and
/// one that exits before Kecs has started is the <see cref="StartupSummary"/>'s: it could not start. moto_server, the
/// AWS companion Kecs starts, is restarted the same way: its state is gone with the crash, but the services and the
/// user's clients keep its endpoint.
/// </summary>
internal sealed partial class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    StartupSummary startup,
    AppHostOptions options,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    private static readonly string[] Restartable = [.. KecsServices.Names, AwsCompanion.ResourceName];
    private readonly Dictionary<string, TimeSpan?> _lastDelay = [];
    private readonly HashSet<(string ResourceId, DateTime? StoppedAt)> _handled = [];

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await foreach (var update in notifications.WatchAsync(stopping))
        {
            if (!startup.Started.IsCompleted || !Restartable.Contains(update.Resource.Name) || !Crashed(update.Snapshot)
                || !_handled.Add((update.ResourceId, update.Snapshot.StopTimeStamp)))
            {
                continue;
            }

            var snapshot = update.Snapshot;
            var run = snapshot.StopTimeStamp - snapshot.StartTimeStamp ?? TimeSpan.Zero;
            var delay = options.Restart.NextDelay(_lastDelay.GetValueOrDefault(update.ResourceId), run);
            _lastDelay[update.ResourceId] = delay;
            LogCrashed(update.Resource.Name, snapshot.ExitCode, delay.TotalSeconds);
            _ = RestartAfterAsync(update.ResourceId, update.Resource.Name, delay, stopping);
        }
    }

    private static bool Crashed(CustomResourceSnapshot snapshot) => snapshot.HasExited() && snapshot.ExitCode is not 0;

    private async Task RestartAfterAsync(string resourceId, string name, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success)
            {
                LogRestartFailed(name, result.Message ?? "no reason given");
                return;
            }

            await notifications.WaitForResourceHealthyAsync(name, WaitBehavior.StopOnResourceUnavailable, stopping);
            LogHealthyAgain(name);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogRestartFailed(name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} exited with code {ExitCode}; restarting in {Seconds:0.#} s")]
    private partial void LogCrashed(string service, int? exitCode, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service} is healthy again")]
    private partial void LogHealthyAgain(string service);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service} could not be restarted: {Reason}")]
    private partial void LogRestartFailed(string service, string reason);
}
