using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kecs.AppHost;

/// <summary>
/// A service's <c>/health</c>, probed until it answers. Aspire checks a resource that is not healthy yet after 1, 2,
/// 3, 4 and then every 5 s, so a service that listens half a second after its first probe was seen healthy seconds
/// later, and each <c>WaitFor</c> stage of the start waited that long (about 5 s of a 15 s start here). This check
/// waits for the answer itself, probing every 100 ms for up to <see cref="Patience"/>.
/// </summary>
internal sealed class PatientHealthCheck(EndpointReference endpoint, string path) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = new Uri(new Uri(endpoint.Url), path);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            string failure;
            try
            {
                using var response = await Http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return HealthCheckResult.Healthy();
                }

                failure = $"{url} answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                failure = $"{url}: {e.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"{url} did not answer within {Http.Timeout.TotalSeconds:0} s";
            }

            if (waited.Elapsed >= Patience)
            {
                return HealthCheckResult.Unhealthy(failure);
            }

            await Task.Delay(ProbeInterval, cancellationToken);
        }
    }
}

internal static class PatientHealthCheckExtensions
{
    /// <summary>Healthy when the resource's http endpoint answers <paramref name="path"/> with a success code.</summary>
    public static IResourceBuilder<T> WithPatientHealthCheck<T>(this IResourceBuilder<T> builder, string path)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.GetEndpoint("http");
        var key = $"{builder.Resource.Name}_http_{path}";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new PatientHealthCheck(endpoint, path), failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }
}
