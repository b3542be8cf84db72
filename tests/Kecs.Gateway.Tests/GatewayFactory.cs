using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Kecs.Gateway.Tests;

/// <summary>The gateway on real Kestrel, with its backends found through service-discovery configuration.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly string _ecsApiUrl;
    private readonly string _adminApiUrl;
    private readonly string? _awsEndpoint;

    /// <param name="awsEndpoint">The AWS companion's base URL; none runs without it.</param>
    public GatewayFactory(string ecsApiUrl, string adminApiUrl, string? awsEndpoint = null)
    {
        _ecsApiUrl = ecsApiUrl;
        _adminApiUrl = adminApiUrl;
        _awsEndpoint = awsEndpoint;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("services:ecsapi:http:0", _ecsApiUrl);
        builder.UseSetting("services:adminapi:http:0", _adminApiUrl);
        if (_awsEndpoint is not null)
        {
            builder.UseSetting("Aws:Endpoint", _awsEndpoint);
            builder.UseSetting("Aws:Companion", "the fake companion");
        }
    }
}
