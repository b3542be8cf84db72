using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kecs.Bench.Hosting;

/// <summary>
/// An HTTP endpoint on loopback that answers every POST with <c>{}</c> at once: what the load generator reaches
/// against it is its own ceiling, to set beside the figures it measures.
/// </summary>
public sealed class TrivialEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TrivialEndpoint(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<TrivialEndpoint> StartAsync()
    {
        var url = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/", () => Results.Text("{}", "application/x-amz-json-1.1"));
        await app.StartAsync();
        return new TrivialEndpoint(app, url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
