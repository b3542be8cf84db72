using Kecs.Ecs.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Kecs.ServiceDefaults;

/// <summary>
/// The requests Kecs makes and serves on its own while idle, which are not traced: they would fill the dashboard's trace
/// list (the change feed's long poll alone is a trace every few seconds) and hide the requests users send.
/// </summary>
public static class UntracedRequests
{
    /// <summary>Health probes, metric scrapes and the change feed's long poll, as a service receives them.</summary>
    public static bool IsUntraced(HttpRequest request) =>
        request.Path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath)
        || request.Path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath)
        || request.Path.StartsWithSegments(ServiceDefaultsExtensions.MetricsPath)
        || request.Path.StartsWithSegments(InternalApi.ChangesPath);

    /// <summary>
    /// The change feed's long poll and Kubernetes watches, as a service sends them. Not tracing the sending side also
    /// leaves the receiver's span unsampled, as the trace context goes out marked so.
    /// </summary>
    public static bool IsUntraced(HttpRequestMessage request) =>
        request.RequestUri is { } uri
        && (uri.AbsolutePath == InternalApi.ChangesPath || uri.Query.Contains("watch=true", StringComparison.Ordinal));
}
