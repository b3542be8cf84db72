using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;

namespace Kecs.AppHost;

/// <summary>
/// The four Kecs services as Aspire project resources, and the AWS companion when Kecs starts it: what each calls,
/// waits for and is told.
/// </summary>
public static class KecsServices
{
    public static readonly IReadOnlyList<string> Names = ["ecsapi", "scheduler", "adminapi", "gateway"];

    /// <summary>
    /// Runs socket completions, and with them Kestrel's request code (Kecs.ServiceDefaults' InlineRequestScheduling),
    /// on the socket's event thread instead of handing each to the thread pool. On two shared cores each hand-off is a
    /// thread wake-up; on the request path (the gateway, and EcsApi, which answers from memory and hands writes to its
    /// writer) this gave 10-15 % more requests a second at every concurrency of the api benchmark; Kestrel's part then
    /// took DescribeClusters through the gateway from 9.7k to 11.1k requests a second at concurrency 32. The Scheduler
    /// and AdminApi keep the default: they do blocking work.
    /// </summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <param name="k3d">The cluster of <c>--runtime k3d</c>, ensured already.</param>
    public static void AddKecs(this IDistributedApplicationBuilder builder, AppHostOptions options, AwsCompanion companion, K3dCluster? k3d = null)
    {
        var telemetry = options.Dashboard ? ServiceTelemetry.ToTheDashboard : ServiceTelemetry.AsTheEnvironmentSays;
        // A fresh internal-API token per run: only the services this AppHost starts know it.
        var internalToken = builder.AddParameter(
            "internal-token", () => RandomNumberGenerator.GetHexString(64, lowercase: true), secret: true);

        var motoServer = builder.AddMotoServer(companion, options.AccountId);

        var ecsapi = builder.AddBackend<Projects.Kecs_EcsApi>("ecsapi", telemetry)
            .WithEnvironment("Storage__DataDirectory", options.DataDir)
            .WithEnvironment("Ecs__AccountId", options.AccountId)
            .WithEnvironment(InlineSocketCompletions, "1")
            .WithEnvironment("Internal__Token", internalToken);

        var scheduler = builder.AddBackend<Projects.Kecs_Scheduler>("scheduler", telemetry)
            .WithReference(ecsapi).WaitFor(ecsapi)
            .WithEnvironment("Internal__Token", internalToken)
            .WithAwsCompanion(companion, motoServer);
        if (k3d is null)
        {
            scheduler
                .WithEnvironment("Scheduler__Runtime", options.Runtime)
                .WithEnvironment("Scheduler__KubeContext", options.KubeContext ?? "");
        }
        else
        {
            var cluster = builder.AddResource(new K3dClusterResource(k3d.Name))
                .WithInitialState(new CustomResourceSnapshot
                {
                    ResourceType = "k3d cluster",
                    State = KnownResourceStates.Running,
                    Properties = [new("kubeconfig", k3d.KubeconfigPath), new("context", k3d.Context)],
                });
            scheduler
                .WithEnvironment("Scheduler__Runtime", "kubernetes")
                .WithEnvironment("Scheduler__Kubeconfig", k3d.KubeconfigPath)
                .WithEnvironment("Scheduler__KubeContext", k3d.Context)
                .WithReferenceRelationship(cluster);
        }

        var adminapi = builder.AddBackend<Projects.Kecs_AdminApi>("adminapi", telemetry)
            .WithReference(ecsapi).WithReference(scheduler).WaitFor(ecsapi)
            .WithEnvironment("Internal__Token", internalToken)
            .WithAwsCompanion(companion, motoServer);

        // The gateway is the edge: it listens on the user's address itself (not behind DCP's proxy, where every caller
        // would come from 127.0.0.1), and takes the caller's address from the connection, never from a client's
        // X-Forwarded-For, or anyone could pass as a caller on loopback to AdminApi.
        var gateway = builder.AddService<Projects.Kecs_Gateway>("gateway", telemetry, options.Port, options.Host)
            .WithReference(ecsapi).WithReference(adminapi)
            .WaitFor(ecsapi).WaitFor(scheduler).WaitFor(adminapi)
            .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "false")
            .WithEnvironment(InlineSocketCompletions, "1")
            .WithAwsCompanion(companion, motoServer);

        adminapi.WithReference(gateway);
    }

    /// <summary>A service behind the gateway, which tells it the caller's address in X-Forwarded-For.</summary>
    private static IResourceBuilder<ProjectResource> AddBackend<TProject>(
        this IDistributedApplicationBuilder builder, string name, ServiceTelemetry telemetry)
        where TProject : IProjectMetadata, new() =>
        builder.AddService<TProject>(name, telemetry).WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true");

    /// <summary>
    /// A service on its own loopback port without DCP's proxy in front (one hop less on every request, and no health
    /// probe hanging in the proxy before the service listens), healthy when <c>/health</c> answers.
    /// </summary>
    private static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, ServiceTelemetry telemetry, int? port = null, string host = "127.0.0.1")
        where TProject : IProjectMetadata, new()
    {
        var project = Path.GetFileNameWithoutExtension(new TProject().ProjectPath);
        var service = builder.AddProject<TProject>(name, launchProfileName: null);
        if (telemetry == ServiceTelemetry.ToTheDashboard)
        {
            // Aspire shortens the export intervals only when the AppHost runs as Development; the dashboard is live
            // either way (metrics otherwise arrive a minute after a service starts).
            service
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "1000")
                .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "1000");
        }
        else
        {
            // Without a dashboard Aspire still points every project at the dashboard's default OTLP port, where nothing
            // listens: each export would fail, and every service would spend seconds of its stop flushing into it.
            // Unset, the service exports where the user's own OTEL_EXPORTER_OTLP_* variables say, or nowhere.
            service.WithEnvironment(context =>
            {
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_PROTOCOL");
            });
        }

        return service
            .FromBuiltDll(project)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = host)
            .WithPatientHealthCheck("/health")
            .WithEnvironment("LOGGING__CONSOLE__FORMATTEROPTIONS__SINGLELINE", "true")
            // Read by Kecs.ServiceDefaults' ParentProcessWatchdog: a service stops at once when the AppHost is gone,
            // even SIGKILLed, instead of when DCP notices.
            .WithEnvironment("KECS_PARENT_PID", Environment.ProcessId.ToString());
    }
}

/// <summary>Where the services send their traces, metrics and logs.</summary>
public enum ServiceTelemetry
{
    ToTheDashboard,
    AsTheEnvironmentSays,
}

/// <summary>The k3d cluster of <c>--runtime k3d</c>, shown in the dashboard beside the services that use it.</summary>
public sealed class K3dClusterResource(string name) : Resource(name);
