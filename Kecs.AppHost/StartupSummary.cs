using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Kecs.AppHost;

/// <summary>
/// Says once, when every service is healthy, where Kecs answers: the ECS endpoint, the admin view and the dashboard
/// with its login link. A service that exits before then cannot start (its port or data directory is taken, it is not
/// built): this says which and stops the AppHost with exit code 1, so a script that started Kecs does not wait for an
/// endpoint that will never answer. Crashes after that are the <see cref="CrashRestarter"/>'s. The AWS companion is
/// named too, and whether moto_server is still starting: ECS does not wait for it.
/// </summary>
internal sealed class StartupSummary(
    ResourceNotificationService notifications,
    AppHostOptions options,
    AwsCompanion companion,
    string? dashboardLoginUrl,
    IHostApplicationLifetime lifetime) : WatcherService
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every service has been healthy.</summary>
    public Task Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var healthy = new HashSet<string>();
        string? motoServerUrl = null;
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                var name = update.Resource.Name;
                if (name == AwsCompanion.ResourceName && IsHealthy(update.Snapshot))
                {
                    motoServerUrl = update.Snapshot.Urls.FirstOrDefault()?.Url;
                }

                if (!KecsServices.Names.Contains(name))
                {
                    continue;
                }

                if (Exited(update.Snapshot))
                {
                    await Console.Error.WriteLineAsync(
                        $"kecs: {name} exited with code {update.Snapshot.ExitCode} while starting; stopping. Its log above says why.");
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                    return;
                }

                if (IsHealthy(update.Snapshot) && healthy.Add(name) && healthy.Count == KecsServices.Names.Count)
                {
                    await Console.Out.WriteLineAsync(Render(motoServerUrl));
                    _started.TrySetResult();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    private static bool Exited(CustomResourceSnapshot snapshot) =>
        snapshot.HasExited() || snapshot.State?.Text == KnownResourceStates.FailedToStart;

    /// <param name="motoServerUrl">moto_server's URL once it is healthy.</param>
    private string Render(string? motoServerUrl)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Kecs is ready in {_sinceStart.Elapsed.TotalSeconds:0.0} s.");
        text.AppendLine();
        text.AppendLine($"  ECS endpoint  {options.GatewayUrl}");
        text.AppendLine($"  Admin         {options.GatewayUrl}/admin");
        text.AppendLine($"  Dashboard     {dashboardLoginUrl ?? "off (--no-dashboard)"}");
        text.AppendLine($"  Data          {options.DataDir}");
        text.AppendLine($"  Runtime       {options.Runtime}{(options.KubeContext is null ? "" : $" (context {options.KubeContext})")}");
        text.AppendLine($"  AWS           {companion.Description}{(companion.MotoServerPath is null ? "" : $" on {motoServerUrl ?? "a loopback port, still starting"}")}");
        text.AppendLine();
        text.AppendLine($"Try: aws ecs list-clusters --endpoint-url {options.GatewayUrl} --region us-east-1");
        text.Append("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
