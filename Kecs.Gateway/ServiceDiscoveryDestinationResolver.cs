using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace Kecs.Gateway;

/// <summary>
/// Turns a destination addressed by service name (<c>http://ecsapi</c>) into the endpoints service
/// discovery knows for it (<c>services__ecsapi__http__0</c>), as Aspire's
/// Microsoft.Extensions.ServiceDiscovery.Yarp package does; that package is not in our feed.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<IChangeToken>();
        foreach (var (id, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync($"{address.Scheme}://{address.Authority}", cancellationToken);
            changeTokens.Add(source.ChangeToken);
            foreach (var endpoint in source.Endpoints)
            {
                var target = Rebase(address, endpoint.EndPoint);
                resolved[$"{id}[{target.Authority}]"] = destination with { Address = target.ToString(), Host = address.Authority };
            }
        }

        return new ResolvedDestinationCollection(resolved, new CompositeChangeToken(changeTokens));
    }

    private static Uri Rebase(Uri address, EndPoint endPoint)
    {
        var builder = new UriBuilder(address);
        switch (endPoint)
        {
            case UriEndPoint uri:
                builder.Scheme = uri.Uri.Scheme;
                builder.Host = uri.Uri.Host;
                builder.Port = uri.Uri.Port;
                break;
            case IPEndPoint ip:
                builder.Host = ip.Address.ToString();
                builder.Port = ip.Port;
                break;
            case DnsEndPoint dns:
                builder.Host = dns.Host;
                builder.Port = dns.Port > 0 ? dns.Port : builder.Port;
                break;
        }

        return builder.Uri;
    }
}
