using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.Bench.Load;

/// <summary>An ECS endpoint (Kecs through its gateway, EcsApi directly, or moto) called as the AWS SDKs call it, over keep-alive connections.</summary>
public sealed class EcsTarget(string name, string url, int connections) : IDisposable
{
    private const string Authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261124/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-target, Signature=0";

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = new Uri(url),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public string Name { get; } = name;

    /// <summary>Calls one operation; returns the elapsed time and the parsed answer (null unless asked for), or throws on a non-200.</summary>
    public async Task<(TimeSpan Elapsed, JsonNode? Body)> CallAsync(string operation, string json, bool parse = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
        request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{Name} answered {operation} with {(int)response.StatusCode}: {text}");
        }

        return (elapsed, parse ? JsonNode.Parse(text) : null);
    }

    public void Dispose() => _http.Dispose();
}
