using Kecs.Ecs.Internal;
using Kecs.Scheduler;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kecs.Testing;

/// <summary>The Scheduler in this process, pointed at an EcsApi on loopback and at a runtime.</summary>
public sealed class SchedulerFactory(string ecsApiUrl, Dictionary<string, string> settings) : WebApplicationFactory<SchedulerOptions>
{
    /// <summary>A client of the Scheduler's internal API, carrying the internal token.</summary>
    public HttpClient CreateInternalClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(InternalApi.TokenHeader, EcsApiFactory.InternalToken);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("services:ecsapi:http:0", ecsApiUrl.TrimEnd('/'));
        builder.UseSetting("Internal:Token", EcsApiFactory.InternalToken);
        builder.UseSetting("Scheduler:FeedWait", "00:00:02");
        builder.UseSetting("Scheduler:Simulated:PendingDelay", "00:00:00.02");
        builder.UseSetting("Scheduler:Simulated:RunningDelay", "00:00:00.02");
        builder.UseSetting("Scheduler:Simulated:StopDelay", "00:00:00.02");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
