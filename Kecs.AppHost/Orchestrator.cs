using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kecs.AppHost;

/// <summary>
/// Runs the Kecs services as Aspire's AppHost would: free loopback ports, Aspire's environment
/// contract, start in dependency order gated on health, a table once ready, supervised restarts,
/// and an ordered stop (gateway first, ecsapi last) when asked.
/// </summary>
public sealed class Orchestrator(AppHostOptions options, IConfiguration configuration, ConsoleOutput output)
{
    // A fresh internal-API token per run: only the services this AppHost starts know it.
    private readonly IReadOnlyList<ServiceDefinition> _definitions =
        ServiceDefinition.All(options, System.Security.Cryptography.RandomNumberGenerator.GetHexString(64, lowercase: true));

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        var started = Stopwatch.StartNew();
        var children = CreateChildren();
        var healthy = children.ToDictionary(c => c.Name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        string? failure = null;

        var runs = children.Select(child => Task.Run(async () =>
        {
            try
            {
                await Task.WhenAll(child.Definition.WaitsFor.Select(name => healthy[name].Task)).WaitAsync(failed.Token);
                await child.StartAsync(failed.Token);
                healthy[child.Name].TrySetResult();
                await child.SuperviseAsync(failed.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                failure ??= e is ChildStartupException ? e.Message : $"{child.Name} could not be started: {e.Message}";
                await failed.CancelAsync();
            }
        })).ToList();

        var allHealthy = Task.WhenAll(healthy.Values.Select(h => h.Task));
        await Task.WhenAny(allHealthy, Task.Delay(Timeout.Infinite, failed.Token));
        if (allHealthy.IsCompletedSuccessfully)
        {
            output.Block(ReadyTable.Render(children, options, started.Elapsed));
            await Task.Delay(Timeout.Infinite, failed.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        output.AppHost(failure is null ? "stopping" : $"{failure}; stopping");
        await StopAsync(children);
        await Task.WhenAll(runs);
        return failure is null ? 0 : 1;
    }

    private List<ChildService> CreateChildren()
    {
        var urls = _definitions.ToDictionary(
            d => d.Name,
            d => d.Name == "gateway" ? options.GatewayUrl : $"http://127.0.0.1:{FreeLoopbackPort()}");
        return _definitions
            .Select(d => new ChildService(d, urls[d.Name], ServiceEnvironment.For(d, urls, configuration, output.IsTerminal), options.Restart, output))
            .ToList();
    }

    /// <summary>Stops the gateway first so nothing reaches a half-stopped backend, and ecsapi, which owns the data, last.</summary>
    private async Task StopAsync(IReadOnlyList<ChildService> children)
    {
        var byName = children.ToDictionary(c => c.Name);
        await byName["gateway"].StopAsync();
        await Task.WhenAll(byName["adminapi"].StopAsync(), byName["scheduler"].StopAsync());
        await byName["ecsapi"].StopAsync();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
