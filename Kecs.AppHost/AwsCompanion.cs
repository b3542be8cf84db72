using Aspire.Hosting.ApplicationModel;

namespace Kecs.AppHost;

/// <summary>
/// The AWS companion that serves every AWS service but ECS behind the gateway (DESIGN.md decision 7): moto_server,
/// started by Kecs when it is on PATH; one that runs already (<c>--aws-endpoint</c>, LocalStack); or none
/// (<c>--no-aws</c>, or moto_server not installed), and then Kecs serves ECS alone.
/// </summary>
public sealed record AwsCompanion
{
    /// <summary>The Aspire resource of the moto_server Kecs starts.</summary>
    public const string ResourceName = "aws";

    public const string MotoServer = "moto_server";

    /// <summary>What the console and <c>/admin/info</c> call it.</summary>
    public required string Description { get; init; }

    /// <summary>moto_server's path, when Kecs starts it.</summary>
    public string? MotoServerPath { get; init; }

    /// <summary>The base URL of a companion that runs already (<c>--aws-endpoint</c>).</summary>
    public string? ExternalEndpoint { get; init; }

    public static AwsCompanion Choose(AppHostOptions options, string? motoServerPath) =>
        !options.Aws ? new AwsCompanion { Description = "none (--no-aws)" }
        : options.AwsEndpoint is { } url ? new AwsCompanion { Description = $"{url} (--aws-endpoint)", ExternalEndpoint = url }
        : motoServerPath is not null ? new AwsCompanion { Description = "moto_server started by Kecs", MotoServerPath = motoServerPath }
        : new AwsCompanion { Description = "none: moto_server is not on PATH (pip install 'moto[server]', or pass --aws-endpoint <url>)" };
}

public static class AwsCompanionResources
{
    /// <summary>
    /// moto_server as a resource of its own (in the dashboard with its logs and health), on a free loopback port, with
    /// the account of ECS's ARNs; null when Kecs does not start it. Nothing waits for it: ECS never waits on the
    /// companion, and the gateway answers 503 for it until it listens.
    /// </summary>
    public static IResourceBuilder<ExecutableResource>? AddMotoServer(
        this IDistributedApplicationBuilder builder, AwsCompanion companion, string accountId)
    {
        if (companion.MotoServerPath is not { } motoServer)
        {
            return null;
        }

        // moto_server is told its port on its command line, so the AppHost chooses one.
        var port = LocalMachine.FreeLoopbackPort();
        return builder.AddExecutable(AwsCompanion.ResourceName, motoServer, Path.GetTempPath(), "-H", "127.0.0.1", "-p", port.ToString())
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithEnvironment("MOTO_ACCOUNT_ID", accountId)
            .WithPatientHealthCheck("/moto-api/");
    }

    /// <summary>
    /// Tells a Kecs service where the companion is (<c>Aws:Endpoint</c>: moto's endpoint, the <c>--aws-endpoint</c> URL,
    /// or empty, which also hides one the AppHost's own environment may name) and what it is (<c>Aws:Companion</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAwsCompanion(
        this IResourceBuilder<ProjectResource> service, AwsCompanion companion, IResourceBuilder<ExecutableResource>? motoServer)
    {
        service.WithEnvironment("Aws__Companion", companion.Description);
        if (motoServer is not null)
        {
            service.WithEnvironment("Aws__Endpoint", motoServer.GetEndpoint("http")).WithReferenceRelationship(motoServer);
        }
        else
        {
            service.WithEnvironment("Aws__Endpoint", companion.ExternalEndpoint ?? "");
        }

        return service;
    }
}
