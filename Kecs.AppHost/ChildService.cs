using System.Diagnostics;

namespace Kecs.AppHost;

public enum ChildState { Waiting, Starting, Healthy, Restarting, Stopping, Stopped, Failed }

/// <summary>
/// One service process: launched as <c>dotnet &lt;dll&gt;</c> from its project folder, its output
/// prefixed, gated on <c>/health</c>, restarted with backoff when it crashes, and stopped with SIGTERM
/// (then SIGKILL) when the AppHost stops.
/// </summary>
public sealed class ChildService(
    ServiceDefinition definition,
    string url,
    IReadOnlyDictionary<string, string> environment,
    RestartPolicy restart,
    ConsoleOutput output)
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private volatile Process? _process;
    private DateTime _launchedAt;
    private volatile bool _stopping;

    public ServiceDefinition Definition => definition;
    public string Name => definition.Name;
    public string Url => url;
    public ChildState State { get; private set; } = ChildState.Waiting;
    public int? Pid => _process?.Id;

    /// <summary>Starts the process and returns once <c>/health</c> answers 200.</summary>
    /// <exception cref="ChildStartupException">The process exited or stayed unhealthy.</exception>
    public async Task StartAsync(CancellationToken cancellation)
    {
        State = ChildState.Starting;
        var process = Launch();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(StartupTimeout);
        try
        {
            await WaitHealthyAsync(process, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw Failure($"did not become healthy at {url}/health within {StartupTimeout.TotalSeconds:0} s");
        }

        State = ChildState.Healthy;
    }

    /// <summary>Restarts the process whenever it exits on its own, until <paramref name="stopping"/> fires.</summary>
    public async Task SuperviseAsync(CancellationToken stopping)
    {
        TimeSpan? delay = null;
        while (!stopping.IsCancellationRequested)
        {
            // Not Process.StartTime: it throws once the process has exited, as one that crashed while starting has.
            var process = _process!;
            var launchedAt = _launchedAt;
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested || _stopping)
            {
                return;
            }

            delay = restart.NextDelay(delay, DateTime.UtcNow - launchedAt);
            State = ChildState.Restarting;
            output.AppHost($"{Name} exited with code {process.ExitCode}; restarting in {delay.Value.TotalSeconds:0.#} s");
            await Task.Delay(delay.Value, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested || _stopping)
            {
                return;
            }

            try
            {
                await StartAsync(stopping);
                output.AppHost($"{Name} is healthy again (pid {Pid})");
            }
            catch (ChildStartupException e)
            {
                output.AppHost(e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL of the whole process tree if it has not exited in time.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        var process = _process;
        if (process is null || process.HasExited)
        {
            State = ChildState.Stopped;
            return;
        }

        State = ChildState.Stopping;
        NativeSignals.TryTerminate(process.Id);
        using var grace = new CancellationTokenSource(GracefulStopTimeout);
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            output.AppHost($"{Name} did not stop within {GracefulStopTimeout.TotalSeconds:0} s; killing it");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        State = ChildState.Stopped;
    }

    private Process Launch()
    {
        var (dll, projectDirectory) = definition.Location();
        if (!File.Exists(dll))
        {
            throw Failure($"is not built ({dll} is missing); run `dotnet build` first");
        }

        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            ArgumentList = { dll },
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Children never read the terminal; sharing it would let them change its settings.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Echo(line.Data);
        process.ErrorDataReceived += (_, line) => Echo(line.Data);
        process.Start();
        _launchedAt = DateTime.UtcNow;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        return process;
    }

    private async Task WaitHealthyAsync(Process process, CancellationToken cancellation)
    {
        while (true)
        {
            if (process.HasExited)
            {
                State = ChildState.Failed;
                throw Failure($"exited with code {process.ExitCode} before it was healthy");
            }

            try
            {
                using var response = await Http.GetAsync($"{url}/health", cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // This probe timed out; try again.
            }

            await Task.Delay(HealthPollInterval, cancellation);
        }
    }

    private void Echo(string? line)
    {
        if (line is not null)
        {
            output.Line(Name, line);
        }
    }

    private ChildStartupException Failure(string what) => new($"{Name} {what}");
}

/// <summary>A service exited or stayed unhealthy while starting; its own output above says why.</summary>
public sealed class ChildStartupException(string message) : Exception(message);
