using System.Globalization;

namespace Kecs.AppHost.Tests.Security;

/// <summary>
/// What Kecs exposes by default: every process listens on loopback only, the AppHost, Aspire's DCP and the dashboard
/// included.
/// </summary>
public sealed class SecurityDefaultsTests
{
    private const string ListenState = "0A";

    [Fact]
    public async Task Every_listening_socket_of_every_Kecs_process_is_on_loopback()
    {
        await using var appHost = AppHostProcess.Start(dashboard: true);
        await appHost.WaitUntilReadyAsync(TestContext.Current.CancellationToken);

        var processes = appHost.AllPids();
        var inodes = processes.SelectMany(SocketInodes).ToHashSet();

        var listening = ListeningSockets().Where(socket => inodes.Contains(socket.Inode)).ToList();

        Assert.True(listening.Count >= 5, $"expected the gateway, EcsApi, the Scheduler, AdminApi and the dashboard to listen, found {listening.Count} sockets");
        Assert.All(listening, socket => Assert.True(socket.Loopback, $"a Kecs process listens on {socket.Address}"));
    }

    private static IEnumerable<string> SocketInodes(int pid)
    {
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                yield return target["socket:[".Length..^1];
            }
        }
    }

    /// <summary>LISTEN sockets from /proc/net/tcp and tcp6: local address (hex, as the kernel writes it) and inode.</summary>
    private static IEnumerable<(string Address, bool Loopback, string Inode)> ListeningSockets() =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == ListenState)
            .Select(fields =>
            {
                var address = fields[1].Split(':')[0];
                var loopback = address is "0100007F" or "00000000000000000000000001000000"
                               || (address.Length == 8 && int.Parse(address[6..], NumberStyles.HexNumber) == 127);
                return (fields[1], loopback, fields[9]);
            });
}
