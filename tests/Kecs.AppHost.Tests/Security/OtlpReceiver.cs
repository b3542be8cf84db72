using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kecs.AppHost.Tests.Security;

/// <summary>
/// An OTLP/HTTP collector on loopback that keeps every export body as sent (protobuf keeps strings as raw UTF-8,
/// so a value that was exported can be found in the bytes).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._exports.Enqueue((signal, body.ToArray()));
            // An empty Export*ServiceResponse: full success.
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>All bytes exported for one signal (traces, logs or metrics), one body after another.</summary>
    public byte[] Received(string signal) => _exports.Where(e => e.Signal == signal).SelectMany(e => e.Body).ToArray();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
