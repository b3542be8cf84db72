using System.Net;
using System.Net.Http.Json;
using Kecs.Ecs.Internal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kecs.Testing;

/// <summary>EcsApi on real Kestrel, on a free loopback port, with its database in a fresh directory.</summary>
public sealed class EcsApiFactory : WebApplicationFactory<Kecs.EcsApi.Protocol.EcsOptions>
{
    public const string InternalToken = "test-internal-token";

    private readonly Action<IServiceCollection>? _replaceServices;
    private readonly Dictionary<string, string> _settings;

    public EcsApiFactory(
        string? dataDirectory = null, Action<IServiceCollection>? replaceServices = null, Dictionary<string, string>? settings = null)
    {
        _replaceServices = replaceServices;
        _settings = settings ?? [];
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("kecs-ecsapi-").FullName;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public EcsClient CreateEcsClient(string region = "us-east-1")
    {
        StartServer();
        return new EcsClient(CreateClient(), region);
    }

    /// <summary>
    /// The DuckDB commits this EcsApi has made, from its internal status. Its metric counts those of every EcsApi in the
    /// process: meters are process-wide, and tests run several EcsApis side by side.
    /// </summary>
    public async Task<long> StorageCommitsAsync()
    {
        using var http = CreateClient();
        http.DefaultRequestHeaders.Add(InternalApi.TokenHeader, InternalToken);
        var status = await http.GetFromJsonAsync(InternalApi.StatusPath, InternalJsonContext.Default.EcsApiStatus, TestContext.Current.CancellationToken);
        return status!.Commits;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Ecs:AccountId", "123456789012");
        builder.UseSetting("Internal:Token", InternalToken);
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
