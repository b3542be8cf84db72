using Microsoft.Extensions.Hosting;

namespace Kecs.AppHost;

/// <summary>
/// A background service that runs from the start of the AppHost's start. Aspire's orchestrator is a hosted service
/// registered before ours, and hosted services start one after the other: its start returns once every resource has
/// been created, and never when one cannot start. What watches the start must already run by then.
/// </summary>
internal abstract class WatcherService : BackgroundService, IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => base.StartAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
