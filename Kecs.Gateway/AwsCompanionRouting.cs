using Microsoft.AspNetCore.Routing.Matching;
using Yarp.ReverseProxy.Model;

namespace Kecs.Gateway;

public static class AwsCompanionRouting
{
    /// <summary>
    /// Points the <c>aws</c> route's cluster at the companion when there is one, and lets that route match only
    /// requests signed for a service other than ECS. The route (appsettings.json) takes any method and path, before
    /// every other endpoint (<c>Order</c> -1): an S3 call's path starts with its bucket, which may be called
    /// <c>admin</c> or <c>health</c>. It passes the caller's Host on, which S3's virtual-hosted buckets and the URLs
    /// a companion puts in its answers (SQS queue URLs) are made of.
    /// </summary>
    public static void AddAwsCompanion(this WebApplicationBuilder builder)
    {
        var companion = AwsCompanion.From(builder.Configuration);
        if (companion.Endpoint is not null)
        {
            builder.Configuration.AddInMemoryCollection(
                [new($"ReverseProxy:Clusters:{AwsCompanion.ClusterId}:Destinations:companion:Address", companion.Endpoint)]);
        }

        builder.Services.AddSingleton(companion);
        builder.Services.AddSingleton<MatcherPolicy, SigV4ServiceMatcherPolicy>();
    }
}

/// <summary>
/// A route's match in YARP's configuration can test a header's text but not parse it: this keeps the companion's
/// route to requests whose signature (<see cref="AwsSignature"/>) is well formed and names a service other than ECS,
/// so unsigned requests, ECS's own and malformed signatures get the answers they got before there was a companion.
/// </summary>
internal sealed class SigV4ServiceMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Any(IsCompanionRoute);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && IsCompanionRoute(candidates[i].Endpoint) && !AwsSignature.IsForCompanion(httpContext.Request))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsCompanionRoute(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<RouteModel>()?.Config.RouteId == AwsCompanion.RouteId;
}
