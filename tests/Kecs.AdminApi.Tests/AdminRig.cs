using System.Net;
using Kecs.AdminApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kecs.AdminApi.Tests;

/// <summary>
/// AdminApi on real Kestrel on loopback, in front of EcsApi and the Scheduler of a <see cref="SchedulerRig"/>,
/// configured as the AppHost configures it (service discovery entries, internal token, forwarded headers).
/// The gateway's place is taken by EcsApi, which answers <c>/health</c> as any Kecs process does.
/// </summary>
public sealed class AdminRig : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token";

    /// <param name="settings">More configuration for AdminApi, such as the AWS companion the AppHost names.</param>
    private AdminRig(SchedulerRig kecs, Dictionary<string, string>? settings = null)
    {
        Kecs = kecs;
        var ecsApi = kecs.Ecs.Http.BaseAddress!.ToString().TrimEnd('/');
        var configuration = new Dictionary<string, string>
        {
            ["services:ecsapi:http:0"] = ecsApi,
            ["services:gateway:http:0"] = ecsApi,
            ["services:scheduler:http:0"] = kecs.Scheduler.Url.TrimEnd('/'),
            ["Internal:Token"] = EcsApiFactory.InternalToken,
            ["Admin:Token"] = AdminToken,
            ["FORWARDEDHEADERS_ENABLED"] = "true",
        };
        foreach (var (key, value) in settings ?? [])
        {
            configuration[key] = value;
        }

        Admin = new AdminApiFactory(configuration);
        Admin.StartServer();
        Http = Admin.CreateClient();
    }

    public SchedulerRig Kecs { get; }
    public AdminApiFactory Admin { get; }
    public HttpClient Http { get; }

    public static async Task<AdminRig> OnFakeKubernetesAsync() => new(await SchedulerRig.OnFakeKubernetesAsync());

    public static AdminRig Simulated(Dictionary<string, string>? settings = null) => new(SchedulerRig.Simulated(), settings);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Admin.DisposeAsync();
        await Kecs.DisposeAsync();
    }
}

public sealed class AdminApiFactory : WebApplicationFactory<AdminOptions>
{
    private readonly Dictionary<string, string> _settings;

    public AdminApiFactory(Dictionary<string, string> settings)
    {
        _settings = settings;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
