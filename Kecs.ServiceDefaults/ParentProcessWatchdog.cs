using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kecs.ServiceDefaults;

/// <summary>
/// Stops the service when the process that launched it is gone, so that no child outlives the
/// Kecs AppHost even when the AppHost is killed with SIGKILL and cannot stop its children itself.
/// Aspire solves the same problem by handing the parent's PID to its children; we do the same with
/// <see cref="ParentPidVariable"/>. Without that variable (standalone, Kubernetes) it does nothing.
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
        if (!OperatingSystem.IsWindows())
        {
            // When the parent dies the kernel re-parents us, so the parent id changes.
            return GetParentPid() == parentPid;
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

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetParentPid();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The launching process {ParentPid} is gone; stopping.")]
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
