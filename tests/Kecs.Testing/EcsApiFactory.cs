using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kecs.Testing;

/// <summary>EcsApi on real Kestrel, on a free loopback port, with its database in a fresh directory.</summary>
public sealed partial class EcsApiFactory : WebApplicationFactory<Kecs.EcsApi.Protocol.EcsOptions>
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

    /// <summary>The DuckDB commits EcsApi has made, as its <c>/metrics</c> says (after its first ECS request).</summary>
    public async Task<long> StorageCommitsAsync()
    {
        using var http = CreateClient();
        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var commits = CommitsSample().Match(metrics);
        Assert.True(commits.Success, $"no kecs_storage_commits_total in /metrics:\n{metrics}");
        return long.Parse(commits.Groups[1].Value, CultureInfo.InvariantCulture);
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

    [GeneratedRegex(@"^kecs_storage_commits_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline)]
    private static partial Regex CommitsSample();
}
