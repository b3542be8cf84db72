using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.Bench.Load;

/// <summary>
/// An ECS endpoint (Kecs through its gateway, EcsApi directly, or moto) called with the headers the AWS SDKs send,
/// over keep-alive connections: one per concurrent caller, opened when first needed and reused.
/// </summary>
public sealed class EcsTarget(string name, string url) : IDisposable
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261124/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0";

    private readonly Uri _url = new(url);
    private readonly ConcurrentBag<RawHttpConnection> _idle = [];

    public string Name { get; } = name;

    /// <summary>Calls one operation; returns the elapsed time and the parsed answer (null unless asked for), or throws on a non-200.</summary>
    public async Task<(TimeSpan Elapsed, JsonNode? Body)> CallAsync(string operation, string json, bool parse = false)
    {
        var request = Encoding.UTF8.GetBytes(
            $"POST / HTTP/1.1\r\nHost: {_url.Authority}\r\nContent-Type: application/x-amz-json-1.1\r\n" +
            $"X-Amz-Target: AmazonEC2ContainerServiceV20141113.{operation}\r\nAuthorization: {Authorization}\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}");
        var connection = _idle.TryTake(out var idle) ? idle : await RawHttpConnection.OpenAsync(new DnsEndPoint(_url.Host, _url.Port));
        try
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body) = await connection.SendAsync(request);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (status != (int)HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{Name} answered {operation} with {status}: {Encoding.UTF8.GetString(body.Span)}");
            }

            return (elapsed, parse ? JsonNode.Parse(body.Span) : null);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"{Name} did not answer {operation} whole: {e.Message}", e);
        }
        finally
        {
            Release(connection);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private void Release(RawHttpConnection connection)
    {
        if (connection.Reusable)
        {
            _idle.Add(connection);
        }
        else
        {
            connection.Dispose();
        }
    }
}
