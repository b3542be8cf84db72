using System.Reflection;
using System.Text.RegularExpressions;
using Kecs.AppHost;

namespace Kecs.Bench.Hosting;

/// <summary>
/// Kecs as users run it, from the build made with the bench (same configuration): the AppHost with
/// every service, or EcsApi and the Scheduler alone, each a process of its own.
/// </summary>
public static partial class KecsApps
{
    public const string InternalToken = "bench-internal-token";

    private static readonly Dictionary<string, string> Quiet = new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__LogLevel__Kecs.EcsApi.State.EcsStore"] = "Information",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    /// <summary>
    /// The AppHost on <paramref name="port"/>; its gateway is http://127.0.0.1:port. Without the dashboard unless asked
    /// (as in CI): with it, every service exports its traces, metrics and logs of every request to the dashboard.
    /// </summary>
    public static ChildProcess AppHost(int port, string dataDirectory, string runtime, int? dashboardPort = null)
    {
        var dll = typeof(KecsApps).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "App:Kecs.AppHost").Value!;
        string[] dashboard = dashboardPort is { } onPort ? ["--dashboard-port", onPort.ToString()] : ["--no-dashboard"];
        return ChildProcess.Start("dotnet", [dll, "--port", port.ToString(), "--data-dir", dataDirectory, "--runtime", runtime, .. dashboard],
            Path.GetDirectoryName(dll)!, Quiet);
    }

    /// <summary>Waits until <c>/admin/ready</c> answers 200: every part of Kecs is healthy.</summary>
    public static async Task<TimeSpan> WaitUntilReadyAsync(string gatewayUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            try
            {
                using var response = await http.GetAsync(gatewayUrl + "/admin/ready");
                if (response.IsSuccessStatusCode)
                {
                    return waited.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"{gatewayUrl}/admin/ready did not answer 200 within 2 minutes.");
    }

    /// <summary>Waits until a Scheduler started alone runs <paramref name="runtime"/> and has read EcsApi's change feed to its end.</summary>
    public static async Task WaitForSchedulerAsync(string schedulerUrl, string runtime)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Kecs-Internal-Token", InternalToken);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            try
            {
                var status = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(schedulerUrl + "/internal/v1/status"))!;
                if (status["runtime"]!.GetValue<string>() == runtime && status["caughtUp"]!.GetValue<bool>())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The Scheduler at {schedulerUrl} did not run {runtime} within a minute.");
    }

    /// <summary>Waits until the Scheduler has nothing queued and no task is on its way to RUNNING or STOPPED.</summary>
    public static async Task WaitUntilConvergedAsync(string gatewayUrl)
    {
        using var http = new HttpClient();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            var metrics = await http.GetStringAsync(gatewayUrl + "/admin/metrics");
            if (Unsettled().IsMatch(metrics) is false && metrics.Contains("kecs_scheduler_queue_depth{otel_scope_name=\"Kecs.Scheduler\"} 0\n", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The Scheduler did not converge within 5 minutes.");
    }

    /// <summary>EcsApi's own address, as the AppHost's log announces it.</summary>
    public static Task<string> EcsApiUrlAsync(ChildProcess appHost) =>
        appHost.WaitForOutputAsync(EcsApiListening(), TimeSpan.FromSeconds(60));

    public static ChildProcess EcsApi(int port, string dataDirectory) =>
        Service("Kecs.EcsApi", port, new() { ["Storage__DataDirectory"] = dataDirectory });

    public static ChildProcess Scheduler(int port, string ecsApiUrl, Dictionary<string, string> settings) =>
        Service("Kecs.Scheduler", port, new(settings) { ["services__ecsapi__http__0"] = ecsApiUrl });

    /// <summary>The gateway alone, forwarding what is not ECS to the AWS companion at <paramref name="companionUrl"/>.</summary>
    public static ChildProcess Gateway(int port, string companionUrl) =>
        Service("Kecs.Gateway", port, new() { ["Aws__Endpoint"] = companionUrl });

    private static ChildProcess Service(string project, int port, Dictionary<string, string> settings)
    {
        var (dll, directory) = BuiltProjects.Location(project);
        var environment = new Dictionary<string, string>(Quiet)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Internal__Token"] = InternalToken,
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return ChildProcess.Dotnet(dll, directory, environment);
    }

    [GeneratedRegex("""kecs_ecs_tasks\{[^}]*last_status="(?!RUNNING|STOPPED)[A-Z]+"\} [1-9]""")]
    private static partial Regex Unsettled();

    [GeneratedRegex(@"^ecsapi\s*\|.*Now listening on: (http://\S+)")]
    private static partial Regex EcsApiListening();
}
