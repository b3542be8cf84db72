using System.Net;
using System.Net.Sockets;

namespace Kecs.AppHost;

/// <summary>What the AppHost looks up on this machine before it starts anything: tools on PATH, free ports.</summary>
internal static class LocalMachine
{
    /// <summary>The full path of <paramref name="tool"/> in a directory of PATH, or null when it is not installed.</summary>
    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
