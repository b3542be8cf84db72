using System.Diagnostics;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Kecs.AppHost;

/// <summary>
/// Says once, when every service is healthy, where Kecs answers: the ECS endpoint, the admin view and the dashboard
/// with its login link. If a service cannot start, says which and stops the AppHost with exit code 1, so a script
/// that started Kecs does not wait for an endpoint that will never answer.
/// </summary>
internal sealed class StartupSummary(
    ResourceNotificationService notifications,
    AppHostOptions options,
    string? dashboardLoginUrl,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var healthy = KecsServices.Names.Select(name => notifications.WaitForResourceHealthyAsync(name, WaitBehavior.StopOnResourceUnavailable, stopping));
        try
        {
            await Task.WhenAll(healthy);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"kecs: a service could not start ({e.Message}); stopping. Its log above says why.");
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        await Console.Out.WriteLineAsync(Render());
    }

    private string Render()
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
        text.AppendLine();
        text.AppendLine($"Try: aws ecs list-clusters --endpoint-url {options.GatewayUrl} --region us-east-1");
        text.Append("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
