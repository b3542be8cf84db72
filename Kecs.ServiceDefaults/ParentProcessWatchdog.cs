using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kecs.ServiceDefaults;

/// <summary>
/// Stops the service when the Kecs AppHost that started it (through Aspire's DCP) is gone, so that no service
/// outlives an AppHost killed with SIGKILL. DCP notices that too, but only after seconds; the AppHost hands its PID
/// in <see cref="ParentPidVariable"/>. Without that variable (standalone, Kubernetes) it does nothing.
/// </summary>
public sealed partial class ParentProcessWatchdog(
    int parentPid,
    IHostApplicationLifetime lifetime,
    ILogger<ParentProcessWatchdog> logger) : BackgroundService
{
    public const string ParentPidVariable = "KECS_PARENT_PID";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan GracefulStopLimit = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (ParentIsAlive())
            {
                continue;
            }

            LogParentGone(logger, parentPid);
            lifetime.StopApplication();
            _ = Task.Delay(GracefulStopLimit, CancellationToken.None)
                .ContinueWith(_ => Environment.Exit(1), TaskScheduler.Default);
            return;
        }
    }

    private bool ParentIsAlive()
    {
        if (OperatingSystem.IsLinux())
        {
            return IsRunningOnLinux(parentPid);
        }

        try
        {
            using var parent = Process.GetProcessById(parentPid);
            return !parent.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// From <c>/proc/PID/stat</c>: a killed AppHost whose own parent has not reaped it yet is a zombie (state Z), which
    /// <see cref="Process.HasExited"/> does not tell apart from a live process that is not ours.
    /// </summary>
    private static bool IsRunningOnLinux(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }

        // "PID (command) STATE ...": the command may itself contain spaces and parentheses.
        var state = stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart();
        return state.Length > 0 && state[0] is not ('Z' or 'X');
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The AppHost (pid {ParentPid}) is gone; stopping.")]
    private static partial void LogParentGone(ILogger logger, int parentPid);
}

public static class ParentProcessWatchdogExtensions
{
    public static IServiceCollection AddParentProcessWatchdog(this IServiceCollection services, IConfiguration configuration)
    {
        if (int.TryParse(configuration[ParentProcessWatchdog.ParentPidVariable], out var parentPid))
        {
            services.AddHostedService(provider => ActivatorUtilities.CreateInstance<ParentProcessWatchdog>(provider, parentPid));
        }

        return services;
    }
}
