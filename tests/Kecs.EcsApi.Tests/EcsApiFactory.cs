using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.EcsApi.Tests;

/// <summary>EcsApi on real Kestrel, on a free loopback port, with its database in a fresh directory.</summary>
public sealed class EcsApiFactory : WebApplicationFactory<Program>
{
    private readonly Action<IServiceCollection>? _replaceServices;

    public EcsApiFactory(string? dataDirectory = null, Action<IServiceCollection>? replaceServices = null)
    {
        _replaceServices = replaceServices;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("kecs-ecsapi-").FullName;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public EcsClient CreateEcsClient(string region = "us-east-1")
    {
        StartServer();
        return new EcsClient(CreateClient(), region);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Ecs:AccountId", "123456789012");
        if (_replaceServices is not null)
        {
            builder.ConfigureTestServices(_replaceServices);
        }
    }
}
