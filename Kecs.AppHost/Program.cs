using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
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

if (GatewayPortTaken(options) is { } portError)
{
    Console.Error.WriteLine($"kecs: {portError}");
    return 1;
}

using var stopping = new CancellationTokenSource();
var output = new ConsoleOutput();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnStopSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnStopSignal);
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnStopSignal);

return await new Orchestrator(options, configuration, output).RunAsync(stopping.Token);

void OnStopSignal(PosixSignalContext context)
{
    // Stop the children ourselves, in order, instead of letting the runtime exit at once.
    context.Cancel = true;
    stopping.Cancel();
}

static int UsageError(string message)
{
    Console.Error.WriteLine($"kecs: {message} (see --help)");
    return 2;
}

static string? GatewayPortTaken(AppHostOptions options)
{
    var address = options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host);
    try
    {
        using var probe = new TcpListener(address, options.Port);
        probe.Start();
        return null;
    }
    catch (SocketException e)
    {
        return $"cannot listen on {options.GatewayUrl}: {e.Message}. Choose another port with --port.";
    }
}
