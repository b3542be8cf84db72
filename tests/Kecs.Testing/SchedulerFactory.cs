using Kecs.Scheduler;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kecs.Testing;

/// <summary>The Scheduler in this process, pointed at an EcsApi on loopback and at a runtime.</summary>
public sealed class SchedulerFactory(string ecsApiUrl, Dictionary<string, string> settings) : WebApplicationFactory<SchedulerOptions>
{
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
