using System.Net;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.Feed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// The Scheduler's calls to EcsApi through the resilience handler every HttpClient gets: a call EcsApi applied but
/// answered too late is not applied twice, and only safe methods are sent again.
/// </summary>
public sealed class EcsApiCallRetryScenarios
{
    [Fact]
    public async Task Service_actions_EcsApi_applied_but_answered_late_start_the_tasks_once()
    {
        // EcsApi applies the first service actions but answers after the Scheduler's attempt has timed out. The attempt timeout
        // and the retry delay are shorter than the defaults (10 s, 2 s) for the test's sake; the feed's long poll fits in an attempt.
        var ecsApi = new EcsApiFactory(replaceServices: services =>
            services.AddSingleton<IStartupFilter>(new LateFirstAnswer(InternalApi.ServiceActionsPath, TimeSpan.FromSeconds(4))));
        await using var rig = SchedulerRig.Simulated(new Dictionary<string, string> { ["Scheduler:FeedWait"] = "00:00:01" }, ecsApi,
            services => services.ConfigureAll<HttpStandardResilienceOptions>(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                resilience.Retry.Delay = TimeSpan.Zero;
            }));
        await CreateServiceAsync(rig, desiredCount: 3);

        await WaitForServiceAsync(rig, s => Running(s) == 3 && Events(s).Any(e => e.EndsWith("has reached a steady state.")), "steady with 3 running");

        Assert.Equal(3, (await AllServiceTasksAsync(rig)).Count);
    }

    [Fact]
    public async Task A_POST_to_EcsApi_is_sent_once_when_it_fails_and_a_GET_is_sent_again()
    {
        var calls = new Dictionary<string, int>();
        await using var ecsApi = await FailingServerAsync(calls);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:ecsapi:http:0"] = ecsApi.Urls.Single();
        builder.AddServiceDefaults();
        builder.Services.AddScheduler(builder.Configuration);
        // Retries at once, where the default waits 2 s.
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
