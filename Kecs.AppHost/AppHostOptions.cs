using System.Net;

namespace Kecs.AppHost;

/// <summary>
/// What the user can choose when starting Kecs. Each option comes from the <c>Kecs</c> configuration
/// section (appsettings.json, or environment variables such as <c>Kecs__Port</c>) and can be overridden
/// on the command line.
/// </summary>
public sealed record AppHostOptions
{
    public static readonly IReadOnlyList<string> Runtimes = ["auto", "kubernetes", "k3d", "simulated"];

    public int Port { get; init; } = 5373;
    public string Host { get; init; } = "127.0.0.1";
    public string DataDir { get; init; } = DefaultDataDir();
    public string Runtime { get; init; } = "auto";
    public string? KubeContext { get; init; }
    public RestartPolicy Restart { get; init; } = new();

    /// <summary>Whether the Aspire dashboard runs; off with <c>--no-dashboard</c> (CI and scripts).</summary>
    public bool Dashboard { get; init; } = true;

    /// <summary>The dashboard's port on loopback; it shows every service's logs, traces and metrics.</summary>
    public int DashboardPort { get; init; } = 18888;

    /// <summary>
    /// The key of the dashboard's telemetry API (<c>/api/telemetry/...</c>, header <c>x-api-key</c>), for a script that
    /// reads traces; a new one each run when unset. Configuration only (<c>Kecs__DashboardApiKey</c>), not a flag:
    /// command lines are visible to every user of the machine.
    /// </summary>
    public string? DashboardApiKey { get; init; }

    /// <summary>Whether an AWS companion serves every AWS service but ECS; off with <c>--no-aws</c>.</summary>
    public bool Aws { get; init; } = true;

    /// <summary>The base URL of an AWS companion that runs already (LocalStack), used instead of starting moto_server.</summary>
    public string? AwsEndpoint { get; init; }

    /// <summary>
    /// The account in every ARN: EcsApi's <c>Ecs:AccountId</c> (<c>Ecs__AccountId</c> in the AppHost's environment),
    /// which the AppHost gives EcsApi and moto_server alike, so the ARNs of the whole stack name one account.
    /// </summary>
    public string AccountId { get; init; } = "000000000000";

    public string GatewayUrl => $"http://{UrlHost}:{Port}";

    public string DashboardUrl => $"http://127.0.0.1:{DashboardPort}";

    private string UrlHost => Host.Contains(':') ? $"[{Host}]" : Host;

    public static string DefaultDataDir() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kecs", "data");

    /// <summary>Reads the options from configuration, or says in one line what is wrong.</summary>
    public static AppHostOptions Bind(IConfiguration section, out string? error)
    {
        error = null;
        var options = new AppHostOptions();

        if (ParsePort(section, "Port", "--port", out error) is { } port)
        {
            options = options with { Port = port };
        }

        if (error is null && ParsePort(section, "DashboardPort", "--dashboard-port", out error) is { } dashboardPort)
        {
            options = options with { DashboardPort = dashboardPort };
        }

        if (error is not null)
        {
            return options;
        }

        var dashboard = section["Dashboard"];
        if (dashboard is not null)
        {
            if (!bool.TryParse(dashboard, out var enabled))
            {
                error = $"Kecs:Dashboard must be true or false, not '{dashboard}'";
                return options;
            }

            options = options with { Dashboard = enabled };
        }

        var aws = section["Aws"];
        if (aws is not null)
        {
            if (!bool.TryParse(aws, out var enabled))
            {
                error = $"Kecs:Aws must be true or false, not '{aws}'";
                return options;
            }

            options = options with { Aws = enabled };
        }

        var awsEndpoint = section["AwsEndpoint"];
        if (!string.IsNullOrEmpty(awsEndpoint))
        {
            if (!Uri.TryCreate(awsEndpoint, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                error = $"--aws-endpoint (Kecs:AwsEndpoint) must be an http or https URL such as http://localhost:4566, not '{awsEndpoint}'";
                return options;
            }

            if (!options.Aws)
            {
                error = "--aws-endpoint (Kecs:AwsEndpoint) and --no-aws (Kecs:Aws false) exclude each other";
                return options;
            }

            options = options with { AwsEndpoint = awsEndpoint };
        }

        var host = section["Host"];
        if (host is not null)
        {
            if (host != "localhost" && !IPAddress.TryParse(host, out _))
            {
                error = $"--host (Kecs:Host) must be an IP address or localhost, not '{host}'";
                return options;
            }

            options = options with { Host = host };
        }

        var runtime = section["Runtime"];
        if (runtime is not null)
        {
            if (!Runtimes.Contains(runtime))
            {
                error = $"--runtime (Kecs:Runtime) must be one of {string.Join(", ", Runtimes)}, not '{runtime}'";
                return options;
            }

            options = options with { Runtime = runtime };
        }

        var dataDir = section["DataDir"];
        if (dataDir is not null)
        {
            if (string.IsNullOrWhiteSpace(dataDir))
            {
                error = "--data-dir (Kecs:DataDir) must name a directory";
                return options;
            }

            options = options with { DataDir = Path.GetFullPath(ExpandHome(dataDir)) };
        }

        var restart = RestartPolicy.Bind(section.GetSection("Restart"), out error);
        if (error is not null)
        {
            return options;
        }

        options = options with { Restart = restart, DashboardApiKey = section["DashboardApiKey"] is { Length: > 0 } key ? key : null };
        var kubeContext = section["KubeContext"];
        return string.IsNullOrEmpty(kubeContext) ? options : options with { KubeContext = kubeContext };
    }

    private static int? ParsePort(IConfiguration section, string key, string option, out string? error)
    {
        error = null;
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, out var number) || number is < 1 or > 65535)
        {
            error = $"{option} (Kecs:{key}) must be a number between 1 and 65535, not '{text}'";
            return null;
        }

        return number;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
