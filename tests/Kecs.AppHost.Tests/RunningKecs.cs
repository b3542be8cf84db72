using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Kecs.AppHost.Tests;

/// <summary>
/// One Kecs shared by the tests of the <see cref="KecsCollection"/>: the AppHost's own model and hosted services
/// started in the test process through Aspire.Hosting.Testing, its four services (and moto_server, when it is on PATH)
/// run by Aspire's DCP, as <c>dotnet run --project Kecs.AppHost -- --no-dashboard</c> would run them.
/// </summary>
public sealed class RunningKecs : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("kecs-apphost-").FullName;
    private DistributedApplication? _application;

    public int Port { get; } = FreePort();

    public string EndpointUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Whether this Kecs started moto_server as its AWS companion, as it does when moto_server is on PATH.</summary>
    public static bool HasMotoServer { get; } = LocalMachine.FindOnPath(AwsCompanion.MotoServer) is not null;

    /// <summary>Skips a test that needs the companion when moto_server is absent; in CI (where .ci/run has it) that fails instead.</summary>
    public static void SkipWithoutMotoServer()
    {
        if (!HasMotoServer)
        {
            const string reason = "moto_server is not on PATH, so Kecs runs no AWS companion: pip install 'moto[server]' (.ci/run has it).";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", reason);
            Assert.Skip(reason);
        }
    }

    public async ValueTask InitializeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(KecsServices),
            ["--port", Port.ToString(), "--data-dir", _dataDirectory, "--runtime", "simulated", "--no-dashboard"], timeout.Token);
        _application = await builder.BuildAsync(timeout.Token);
        await _application.StartAsync(timeout.Token);
        foreach (var name in KecsServices.Names.Concat(HasMotoServer ? [AwsCompanion.ResourceName] : []))
        {
            await _application.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(nameof(KecsCollection))]
public sealed class KecsCollection : ICollectionFixture<RunningKecs>;
