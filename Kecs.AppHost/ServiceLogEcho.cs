using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Kecs.AppHost;

/// <summary>
/// Every service's log on the AppHost's console, one line each, prefixed with the service's name (the dashboard has
/// them too, with colours and search). Without this, <c>--no-dashboard</c> would show nothing of the services.
/// </summary>
internal sealed partial class ServiceLogEcho(ResourceNotificationService notifications, ResourceLoggerService logs) : WatcherService
{
    private const int NameWidth = 9;

    /// <summary>Logs are kept by resource id (the name and a suffix DCP gives), known once the resource is.</summary>
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var echoed = new HashSet<string>();
        var echoes = new List<Task>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                if (KecsServices.Names.Contains(update.Resource.Name) && echoed.Add(update.ResourceId))
                {
                    echoes.Add(EchoAsync(update.Resource.Name, update.ResourceId, stopping));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await Task.WhenAll(echoes);
    }

    private async Task EchoAsync(string name, string resourceId, CancellationToken stopping)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stopping))
            {
                foreach (var line in batch)
                {
                    await Console.Out.WriteLineAsync($"{name,-NameWidth}| {Clean(line.Content)}");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>DCP's timestamp and the colours the services write for the dashboard.</summary>
    private static string Clean(string content) => Decoration().Replace(content, "");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z |\e\[[0-9;]*m")]
    private static partial Regex Decoration();
}
