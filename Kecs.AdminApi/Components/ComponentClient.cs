using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Kecs.Ecs;
using Microsoft.Extensions.Options;

namespace Kecs.AdminApi.Components;

/// <summary>
/// One Kecs process as AdminApi reaches it, through the named HttpClient of the same name: its
/// <c>/health</c>, its <c>/metrics</c>, its internal API (the client carries the internal token) and,
/// for EcsApi, the ECS API.
/// </summary>
public sealed class ComponentClient(IHttpClientFactory clients, string name, IOptions<AdminOptions> options)
{
    public string Name { get; } = name;

    private HttpClient Http => clients.CreateClient(Name);

    /// <summary>The component's own health verdict, or why it gave none.</summary>
    public async Task<ComponentProbe> ProbeAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var http = Http;
            using var response = await http.GetAsync("/health", timeout.Token);
            var verdict = (await response.Content.ReadAsStringAsync(timeout.Token)).Trim();
            return new ComponentProbe(response.IsSuccessStatusCode && verdict == "Healthy", verdict);
        }
        catch (Exception error) when (error is HttpRequestException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return new ComponentProbe(false, error is OperationCanceledException
                ? $"no answer within {options.Value.ProbeTimeout.TotalSeconds:0.#} s"
                : $"did not answer: {error.Message}");
        }
    }

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> json, CancellationToken cancellation)
    {
        using var response = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellation);
        await EnsureSuccessAsync(response, cancellation);
        return (await response.Content.ReadFromJsonAsync(json, cancellation))!;
    }

    /// <summary>The answer, or null and why there is none when the component cannot give one within the probe timeout.</summary>
    public async Task<(T? Value, string? Error)> TryGetAsync<T>(string path, JsonTypeInfo<T> json, CancellationToken cancellation) where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            return (await GetAsync(path, json, timeout.Token), null);
        }
        catch (Exception error) when (error is HttpRequestException or ComponentException
                                      || (error is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return (null, error is OperationCanceledException ? "no answer in time" : error.Message);
        }
    }

    public async Task<TResult> PostAsync<TBody, TResult>(
        string path, TBody? body, JsonTypeInfo<TBody> bodyJson, JsonTypeInfo<TResult> resultJson, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, bodyJson) };
        using var response = await Http.SendAsync(request, cancellation);
        await EnsureSuccessAsync(response, cancellation);
        return (await response.Content.ReadFromJsonAsync(resultJson, cancellation))!;
    }

    /// <summary>An internal-API response to pass on as it comes (a log stream), the caller disposes it.</summary>
    public Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellation) =>
        Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellation);

    /// <summary>The component's Prometheus text.</summary>
    public Task<string> MetricsAsync(CancellationToken cancellation) => Http.GetStringAsync("/metrics", cancellation);

    /// <summary>An ECS API call, as any client makes it (the default region applies).</summary>
    public async Task<T> EcsAsync<T>(string operation, string json, JsonTypeInfo<T> resultJson, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(json) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(AwsJsonProtocol.ContentType);
        request.Headers.Add(AwsJsonProtocol.TargetHeader, AwsJsonProtocol.EcsTargetPrefix + operation);
        using var response = await Http.SendAsync(request, cancellation);
        await EnsureSuccessAsync(response, cancellation);
        return (await response.Content.ReadFromJsonAsync(resultJson, cancellation))!;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ComponentException(Name, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellation));
        }
    }
}

/// <summary>A component's health: whether it says Healthy, and what it said (or why it said nothing).</summary>
public sealed record ComponentProbe(bool Healthy, string Detail);

/// <summary>A component answered an AdminApi call with an error.</summary>
public sealed class ComponentException(string component, int statusCode, string body)
    : Exception($"{component} answered {statusCode}: {body}")
{
    public int StatusCode { get; } = statusCode;
    public string Body { get; } = body;
}
