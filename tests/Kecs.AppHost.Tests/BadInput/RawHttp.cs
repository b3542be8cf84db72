using System.Net.Sockets;
using System.Text;

namespace Kecs.AppHost.Tests.BadInput;

/// <summary>
/// One HTTP/1.1 exchange on its own connection, written byte for byte (so headers and bodies that
/// HttpClient would refuse to send go out as given) and read until the server closes it.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, string Head, byte[] Body);

    public static async Task<Answer> SendAsync(
        int port, string method, string path, IReadOnlyList<(string Name, string Value)> headers, byte[] body, TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, deadline.Token);
        var stream = client.GetStream();
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {body.Length}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.Append("\r\n").ToString()), deadline.Token);
        try
        {
            await stream.WriteAsync(body, deadline.Token);
        }
        catch (IOException)
        {
            // The server may answer (413) and close before it has read the whole body; its answer is still there.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, deadline.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
        }

        var bytes = received.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var headText = Encoding.ASCII.GetString(bytes, 0, split < 0 ? bytes.Length : split);
        var status = int.Parse(headText.Split(' ', 3)[1]);
        return new Answer(status, headText, split < 0 ? [] : bytes[(split + 4)..]);
    }
}
