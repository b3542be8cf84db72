using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Kecs.AppHost;

/// <summary>
/// Stops the services in order before Aspire stops everything at once: the gateway first, so nothing reaches a
/// half-stopped backend; then the Scheduler and AdminApi; EcsApi, which owns the data, last; and all of them while
/// the dashboard still receives the telemetry they flush as they stop (into a dashboard already gone, each waited
/// seconds). moto_server, when Kecs started it, stops with EcsApi, after the services that call it. Hosted services
/// stop in reverse order of registration, so this runs before Aspire's orchestrator stops.
/// </summary>
internal sealed class OrderedStop(ResourceCommandService commands, AwsCompanion companion) : IHostedService
{
    private string[][] Stages =>
        [["gateway"], ["scheduler", "adminapi"], companion.MotoServerPath is null ? ["ecsapi"] : ["ecsapi", AwsCompanion.ResourceName]];

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var stage in Stages)
        {
            await Task.WhenAll(stage.Select(name => commands.ExecuteCommandAsync(name, KnownResourceCommands.StopCommand, cancellationToken)));
        }
    }
}
