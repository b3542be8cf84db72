using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Kecs.Testing;

/// <summary>
/// moto's server (<c>moto_server</c>, from python3's moto) on a free loopback port, as the AWS companion of the tests,
/// with every ARN in Kecs's account. A machine without it skips the test.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<MotoServer> StartOrSkipAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(directory => Path.Combine(directory, "moto_server")).FirstOrDefault(File.Exists);
        if (executable is null)
        {
            Assert.Skip("moto_server (pip install 'moto[server]') is not on the PATH: the AWS companion tests need it.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MOTO_ACCOUNT_ID"] = "000000000000";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServer(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(server.Url + "/moto-api/");
                return server;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Runs the AWS CLI against this server.</summary>
    public Task<System.Text.Json.Nodes.JsonNode> AwsAsync(params string[] args) => AwsCli.RunAsync(Url, TestContext.Current.CancellationToken, args);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
