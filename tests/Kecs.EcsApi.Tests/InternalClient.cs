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

    /// <summary>Posts service actions; without a <c>serviceVersion</c>, they are decided on the service as it is now.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> ServiceActionsAsync(string json)
    {
        var actions = JsonNode.Parse(json)!.AsObject();
        if (!actions.ContainsKey("serviceVersion"))
        {
            actions["serviceVersion"] = await ServiceVersionAsync(actions["serviceArn"]!.GetValue<string>());
        }

        return await PostAsync("/internal/v1/service-actions", actions.ToJsonString());
    }

    /// <summary>The service's version: the sequence of its latest change in the change feed (0 when it has none).</summary>
    public async Task<long> ServiceVersionAsync(string serviceArn)
    {
        var (after, version) = (0L, 0L);
        while (true)
        {
            var page = await ChangesAsync(after);
            var changes = page["changes"]!.AsArray();
            foreach (var change in changes.Where(c => c!["kind"]!.GetValue<string>() == "service" && c["arn"]!.GetValue<string>() == serviceArn))
            {
                version = change!["sequence"]!.GetValue<long>();
            }

            after = page["lastSequence"]!.GetValue<long>();
            if (changes.Count == 0 || after >= page["headSequence"]!.GetValue<long>())
            {
                return version;
            }
        }
    }

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
