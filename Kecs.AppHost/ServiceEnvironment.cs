namespace Kecs.AppHost;

/// <summary>
/// The environment an Aspire AppHost gives a project, so a service runs the same under this AppHost,
/// under Aspire, or alone: URLs, environment name, OpenTelemetry identity and exporter, service
/// discovery entries for what it calls, and console logging that survives redirection.
/// </summary>
public static class ServiceEnvironment
{
    private static readonly string[] PassedThrough =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
    ];

    public static Dictionary<string, string> For(
        ServiceDefinition service,
        IReadOnlyDictionary<string, string> urls,
        IConfiguration configuration,
        bool colours)
    {
        var environmentName = configuration["DOTNET_ENVIRONMENT"] ?? configuration["ASPNETCORE_ENVIRONMENT"] ?? "Development";
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = urls[service.Name],
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_ENVIRONMENT"] = environmentName,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["OTEL_SERVICE_NAME"] = service.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={service.Name}-{Guid.NewGuid():N}",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
            ["LOGGING__CONSOLE__FORMATTEROPTIONS__SINGLELINE"] = "true",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = colours ? "true" : "false",
            // Read by Kecs.ServiceDefaults' ParentProcessWatchdog: children stop when the AppHost is gone.
            ["KECS_PARENT_PID"] = Environment.ProcessId.ToString(),
        };

        foreach (var name in PassedThrough)
        {
            if (configuration[name] is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        foreach (var reference in service.References)
        {
            environment[$"services__{reference}__http__0"] = urls[reference];
            environment[$"{reference.ToUpperInvariant()}_HTTP"] = urls[reference];
        }

        foreach (var (key, value) in service.Settings)
        {
            environment[key] = value;
        }

        return environment;
    }
}
