using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kecs.Gateway.Tests;

public sealed record SeenRequest(
    string Method, string Path, string? Target, string? TraceParent, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>A stand-in for ecsapi, adminapi or the AWS companion on a free loopback port that records what reaches it.</summary>
public sealed class FakeBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeBackend(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

    public static async Task<FakeBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var backend = new FakeBackend(app, name);
        app.Run(async context =>
        {
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            using var reader = new StreamReader(context.Request.Body);
            backend.Requests.Enqueue(new SeenRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers["X-Amz-Target"].FirstOrDefault(),
                context.Request.Headers["traceparent"].FirstOrDefault(),
                await reader.ReadToEndAsync(),
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync($$"""{"servedBy":"{{name}}"}""");
        });
        await app.StartAsync();
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
