namespace Kecs.AppHost;

/// <summary>
/// The AppHost's command line: <c>--port</c>, <c>--host</c>, <c>--data-dir</c>, <c>--runtime</c>,
/// <c>--kube-context</c>, <c>--dashboard-port</c> and <c>--aws-endpoint</c>, each as <c>--name value</c> or
/// <c>--name=value</c>, and the flags <c>--no-dashboard</c> and <c>--no-aws</c>, turned into configuration keys of the
/// <c>Kecs</c> section so they override appsettings.json and environment variables.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project Kecs.AppHost -- [options]

        Options (also settable as Kecs:<Name> in appsettings.json or Kecs__<Name> environment variables):
          --port <port>            Gateway port for the ECS API and /admin (default 5373)
          --host <address>         Address the gateway binds to (default 127.0.0.1)
          --data-dir <path>        Directory of the state database (default ~/.kecs/data)
          --runtime <runtime>      auto | kubernetes | k3d | simulated (default auto)
          --kube-context <name>    kubeconfig context to use (default: the current context)
          --dashboard-port <port>  Port of the Aspire dashboard on 127.0.0.1 (default 18888)
          --no-dashboard           Run without the Aspire dashboard (for CI and scripts)
          --aws-endpoint <url>     AWS companion that runs already (LocalStack: http://localhost:4566) for every
                                   AWS service but ECS (default: moto_server started by Kecs when it is on PATH)
          --no-aws                 Run no AWS companion: the endpoint serves ECS only
          -h, --help               Show this help
        """;

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["--port"] = "Kecs:Port",
        ["--host"] = "Kecs:Host",
        ["--data-dir"] = "Kecs:DataDir",
        ["--runtime"] = "Kecs:Runtime",
        ["--kube-context"] = "Kecs:KubeContext",
        ["--dashboard-port"] = "Kecs:DashboardPort",
        ["--aws-endpoint"] = "Kecs:AwsEndpoint",
    };

    /// <summary>Options that take no value, and the setting each one stands for.</summary>
    private static readonly Dictionary<string, (string Key, string Value)> Flags = new(StringComparer.Ordinal)
    {
        ["--no-dashboard"] = ("Kecs:Dashboard", "false"),
        ["--no-aws"] = ("Kecs:Aws", "false"),
    };

    public sealed record Result(IReadOnlyDictionary<string, string?> Settings, bool ShowHelp, string? Error);

    public static Result Parse(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                return new Result(settings, ShowHelp: true, Error: null);
            }

            if (Flags.TryGetValue(arg, out var flag))
            {
                settings[flag.Key] = flag.Value;
                continue;
            }

            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            if (!Keys.TryGetValue(name, out var key))
            {
                return Fail($"unknown option '{name}'");
            }

            if (equals > 0)
            {
                settings[key] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                settings[key] = args[++i];
            }
            else
            {
                return Fail($"option '{name}' needs a value");
            }
        }

        return new Result(settings, ShowHelp: false, Error: null);

        Result Fail(string error) => new(settings, ShowHelp: false, error);
    }
}
