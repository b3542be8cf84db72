using System.Net;

namespace Kecs.AppHost;

/// <summary>
/// What the user can choose when starting Kecs. Each option comes from the <c>Kecs</c> configuration
/// section (appsettings.json, or environment variables such as <c>Kecs__Port</c>) and can be overridden
/// on the command line.
/// </summary>
public sealed record AppHostOptions
{
    public static readonly IReadOnlyList<string> Runtimes = ["auto", "kubernetes", "simulated"];

    public int Port { get; init; } = 5373;
    public string Host { get; init; } = "127.0.0.1";
    public string DataDir { get; init; } = DefaultDataDir();
    public string Runtime { get; init; } = "auto";
    public string? KubeContext { get; init; }
    public RestartPolicy Restart { get; init; } = new();

    public string GatewayUrl => $"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";

    public static string DefaultDataDir() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kecs", "data");

    /// <summary>Reads the options from configuration, or says in one line what is wrong.</summary>
    public static AppHostOptions Bind(IConfiguration section, out string? error)
    {
        error = null;
        var options = new AppHostOptions();

        var port = section["Port"];
        if (port is not null)
        {
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
            {
                error = $"--port (Kecs:Port) must be a number between 1 and 65535, not '{port}'";
                return options;
            }

            options = options with { Port = number };
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

        options = options with { Restart = restart };
        var kubeContext = section["KubeContext"];
        return string.IsNullOrEmpty(kubeContext) ? options : options with { KubeContext = kubeContext };
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;
}
