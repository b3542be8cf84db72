using System.Net;
using Kecs.Ecs.Internal;
using Kecs.Scheduler;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.Testing;

/// <summary>The Scheduler in this process, pointed at an EcsApi on loopback and at a runtime.</summary>
public sealed class SchedulerFactory : WebApplicationFactory<SchedulerOptions>
{
    private readonly string _ecsApiUrl;
    private readonly Dictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _replaceServices;

    /// <summary>On real Kestrel on a free loopback port, so AdminApi can reach it as it reaches the real one.</summary>
    public SchedulerFactory(string ecsApiUrl, Dictionary<string, string> settings, Action<IServiceCollection>? replaceServices = null)
    {
        _ecsApiUrl = ecsApiUrl;
        _settings = settings;
        _replaceServices = replaceServices;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string Url
    {
        get
        {
            StartServer();
            using var http = CreateClient();
            return http.BaseAddress!.ToString();
        }
    }

    /// <summary>A client of the Scheduler's internal API, carrying the internal token.</summary>
    public HttpClient CreateInternalClient()
    {
        StartServer();
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(InternalApi.TokenHeader, EcsApiFactory.InternalToken);
        return http;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("services:ecsapi:http:0", _ecsApiUrl.TrimEnd('/'));
        builder.UseSetting("Internal:Token", EcsApiFactory.InternalToken);
        builder.UseSetting("Scheduler:FeedWait", "00:00:02");
        builder.UseSetting("Scheduler:Simulated:PendingDelay", "00:00:00.02");
        builder.UseSetting("Scheduler:Simulated:RunningDelay", "00:00:00.02");
        builder.UseSetting("Scheduler:Simulated:StopDelay", "00:00:00.02");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_replaceServices is not null)
        {
            builder.ConfigureTestServices(_replaceServices);
        }
    }
}
