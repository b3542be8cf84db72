using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests;

/// <summary>
/// The AppHost as a user runs it: its own built DLL started with <c>dotnet</c>, on a free gateway port,
/// with a temporary data directory.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Lazy<HttpClient> _http;

    private AppHostProcess(Process process, int port, string dataDirectory, int? dashboardPort)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        DashboardUrl = dashboardPort is { } dashboard ? $"http://127.0.0.1:{dashboard}" : null;
        _http = new Lazy<HttpClient>(() => new HttpClient { BaseAddress = new Uri(EndpointUrl), Timeout = TimeSpan.FromSeconds(10) });
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public int Pid => _process.Id;
    public string EndpointUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The Aspire dashboard, when this AppHost runs one.</summary>
    public string? DashboardUrl { get; }
    public string Output => string.Join('\n', _output);

    /// <summary>A client of the gateway, with a 10 s timeout, disposed with this process.</summary>
    public HttpClient Http => _http.Value;

    /// <summary>An ECS client through the gateway, in us-east-1.</summary>
    public EcsClient Ecs() => new(Http, "us-east-1");

    /// <param name="environment">Added to the AppHost's environment, which its services inherit (KUBECONFIG, for one).</param>
    /// <param name="dashboard">Whether the Aspire dashboard runs too (on a free port); off, as in CI, unless asked for.</param>
    public static AppHostProcess Start(
        string? dataDirectory = null, string runtime = "simulated", Dictionary<string, string>? environment = null, bool dashboard = false)
    {
        var port = FreePort();
        int? dashboardPort = dashboard ? FreePort() : null;
        dataDirectory ??= Directory.CreateTempSubdirectory("kecs-apphost-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { AppHostDll, "--port", port.ToString(), "--data-dir", dataDirectory, "--runtime", runtime },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in dashboardPort is { } onPort ? ["--dashboard-port", onPort.ToString()] : new[] { "--no-dashboard" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var appHost = new AppHostProcess(process, port, dataDirectory, dashboardPort);
        process.OutputDataReceived += (_, e) => appHost.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => appHost.Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHost;
    }

    /// <summary>On the Kubernetes runtime, reaching <paramref name="kube"/> through a kubeconfig of its own.</summary>
    public static AppHostProcess StartOnKubernetes(
        FakeKubeApiServer kube, Dictionary<string, string>? environment = null, bool dashboard = false)
    {
        var kubeconfig = kube.WriteKubeconfig(Directory.CreateTempSubdirectory("kecs-kubeconfig-").FullName);
        return Start(runtime: "kubernetes", environment: new Dictionary<string, string>(environment ?? []) { ["KUBECONFIG"] = kubeconfig },
            dashboard: dashboard);
    }

    public static string AppHostDll => typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "App:Kecs.AppHost").Value!;

    /// <summary>Waits until the AppHost says every service is healthy and the gateway answers.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            Assert.False(_process.HasExited, $"The AppHost exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            if (Output.Contains("Kecs is ready"))
            {
                using var response = await http.GetAsync($"{EndpointUrl}/health", cancellation);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return;
            }

            await Task.Delay(100, cancellation);
        }

        Assert.Fail($"The AppHost was not ready within {ReadyTimeout.TotalSeconds} s:\n{Output}");
    }

    /// <summary>The live process of one service (for example <c>Kecs.EcsApi</c>), or null while the AppHost restarts it.</summary>
    public int? ServicePid(string assemblyName) =>
        ServicePids()
            .Where(pid => ProcessTree.CommandLine(pid).Contains($"{assemblyName}.dll", StringComparison.Ordinal))
            .Select(pid => (int?)pid)
            .FirstOrDefault();

    /// <summary>The live service processes: Aspire's DCP starts them, and the AppHost hands each its own PID.</summary>
    public IReadOnlyList<int> ServicePids() =>
        ProcessTree.WithEnvironment("KECS_PARENT_PID", Pid.ToString()).Where(ProcessTree.IsAlive).ToList();

    /// <summary>Every process this AppHost runs: itself, Aspire's DCP and what DCP started (services, dashboard).</summary>
    public IReadOnlyList<int> AllPids() =>
        ProcessTree.All()
            .Where(pid => ProcessTree.CommandLine(pid).Contains($"--monitor {Pid} ", StringComparison.Ordinal))
            .SelectMany(ProcessTree.TreeOf)
            .Concat(ServicePids())
            .Append(Pid)
            .Distinct()
            .Where(ProcessTree.IsAlive)
            .ToList();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not exit within {timeout.TotalSeconds:0} s. Its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private void Remember(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
