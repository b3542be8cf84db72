using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>Calls EcsApi's internal API as the Scheduler does, with the token the factory configures.</summary>
public sealed class InternalClient(EcsApiFactory factory)
{
    private readonly HttpClient _http = factory.CreateClient();

    public async Task<JsonNode> ChangesAsync(long after, double waitSeconds = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/v1/changes?after={after}&waitSeconds={waitSeconds}");
        request.Headers.Add("X-Kecs-Internal-Token", EcsApiFactory.InternalToken);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken))!;
    }

    public async Task<JsonNode> ReportAsync(string json)
    {
        var (status, body) = await PostAsync("/internal/v1/reports", json);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> ServiceActionsAsync(string json) => PostAsync("/internal/v1/service-actions", json);

    public async Task<JsonNode> DaemonActionsAsync(string json)
    {
        var (status, body) = await PostAsync("/internal/v1/daemon-actions", json);
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path) => PostAsync(path, "{}");

    public async Task<JsonNode> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Kecs-Internal-Token", EcsApiFactory.InternalToken);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken))!;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Kecs-Internal-Token", EcsApiFactory.InternalToken);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken));
    }
}
