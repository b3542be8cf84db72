using System.Net;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.Feed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace Kecs.Scheduler.Tests;

/// <summary>The Scheduler's calls to EcsApi through the resilience handler every HttpClient gets: only safe methods are sent again.</summary>
public sealed class EcsApiCallRetryScenarios
{
    [Fact]
    public async Task A_POST_to_EcsApi_is_sent_once_when_it_fails_and_a_GET_is_sent_again()
    {
        var calls = new Dictionary<string, int>();
        await using var ecsApi = await FailingServerAsync(calls);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:ecsapi:http:0"] = ecsApi.Urls.Single();
        builder.AddServiceDefaults();
        builder.Services.AddScheduler(builder.Configuration);
        builder.Services.ConfigureAll<HttpStandardResilienceOptions>(resilience => resilience.Retry.Delay = TimeSpan.Zero);
        using var scheduler = builder.Build();
        var client = scheduler.Services.GetRequiredService<EcsApiInternalClient>();
        var cancellation = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ApplyServiceActionsAsync(new ServiceActions(), cancellation));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetChangesAsync(0, TimeSpan.Zero, cancellation));

        Assert.Equal(1, calls["POST"]);
        Assert.True(calls["GET"] > 1, $"the GET was sent {calls["GET"]} times");
    }

    /// <summary>A server on loopback that answers every request 503 and counts them by method.</summary>
    private static async Task<WebApplication> FailingServerAsync(Dictionary<string, int> calls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = builder.Build();
        server.Run(context =>
        {
            lock (calls)
            {
                calls[context.Request.Method] = calls.GetValueOrDefault(context.Request.Method) + 1;
            }

            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            return Task.CompletedTask;
        });
        await server.StartAsync(TestContext.Current.CancellationToken);
        return server;
    }
}
