using System.Net;
using System.Net.Sockets;
using Kecs.AppHost;

var commandLine = CommandLine.Parse(args);
if (commandLine.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (commandLine.Error is not null)
{
    return UsageError(commandLine.Error);
}

var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddInMemoryCollection(commandLine.Settings)
    .Build();

var options = AppHostOptions.Bind(configuration.GetSection("Kecs"), out var optionsError);
if (optionsError is not null)
{
    return UsageError(optionsError);
}

options = options with { AccountId = configuration["Ecs:AccountId"] ?? options.AccountId };
var companion = AwsCompanion.Choose(options, LocalMachine.FindOnPath(AwsCompanion.MotoServer));

var portError = PortTaken(options.Host, options.Port, "--port")
    ?? (options.Dashboard ? PortTaken("127.0.0.1", options.DashboardPort, "--dashboard-port") : null);
if (portError is not null)
{
    Console.Error.WriteLine($"kecs: {portError}");
    return 1;
}

K3dCluster? k3d = null;
if (options.Runtime == "k3d")
{
    if (K3dCluster.MissingTools() is { } missing)
    {
        Console.Error.WriteLine($"kecs: {missing}");
        return 1;
    }

    k3d = new K3dCluster(K3dCluster.DefaultName, options.DataDir);
    try
    {
        await k3d.EnsureAsync(line => Console.WriteLine($"kecs: {line}"), CancellationToken.None);
    }
    catch (K3dException e)
    {
        Console.Error.WriteLine($"kecs: {e.Message}");
        return 1;
    }
}

var dashboard = options.Dashboard ? new DashboardLogin(options.DashboardUrl) : null;
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = [.. dashboard?.AspireArguments() ?? []],
    DisableDashboard = !options.Dashboard,
    AllowUnsecuredTransport = true,
});
if (options.DashboardApiKey is { } apiKey)
{
    // After the builder, which sets a new key of its own whenever the AppHost has no user secrets.
    builder.Configuration["AppHost:DashboardApiKey"] = apiKey;
}

builder.AddAppHostServices(options, companion, dashboard?.LoginUrl);
builder.AddKecs(options, companion, k3d);

await builder.Build().RunAsync();
return Environment.ExitCode;

static int UsageError(string message)
{
    Console.Error.WriteLine($"kecs: {message} (see --help)");
    return 2;
}

static string? PortTaken(string host, int port, string option)
{
    var address = host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
    try
    {
        using var probe = new TcpListener(address, port);
        probe.Start();
        return null;
    }
    catch (SocketException e)
    {
        return $"cannot listen on {address}:{port}: {e.Message}. Choose another port with {option}.";
    }
}
