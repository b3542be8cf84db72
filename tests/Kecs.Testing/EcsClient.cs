using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Kecs.Testing;

/// <summary>Sends awsJson1_1 requests as the AWS SDKs do, with a SigV4-shaped Authorization header.</summary>
public sealed class EcsClient(HttpClient http, string region)
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    public HttpClient Http => http;

    public Task<EcsResponse> CallAsync(string operation, string json = "{}") =>
        SendAsync(TargetPrefix + operation, json);

    public async Task<EcsResponse> SendAsync(
        string? target, string body, string? authorization = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        if (target is not null)
        {
            request.Headers.Add("X-Amz-Target", target);
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization ??
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/{region}/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new EcsResponse(response, text);
    }

    public async Task<JsonNode> OkAsync(string operation, string json = "{}")
    {
        var response = await CallAsync(operation, json);
        Assert.True(response.Status == 200, $"{operation} answered {response.Status}: {response.Text}");
        return response.Json;
    }

    /// <summary>Calls an operation that must fail as ECS fails: HTTP 400 with an error body.</summary>
    public async Task<JsonNode> ErrorAsync(string operation, string json)
    {
        var response = await CallAsync(operation, json);
        Assert.True(response.Status == 400 && response.ErrorType is not null, $"{operation} answered {response.Status}: {response.Text}");
        return response.Json;
    }
}

public sealed class EcsResponse(HttpResponseMessage response, string text)
{
    public int Status { get; } = (int)response.StatusCode;
    public string Text { get; } = text;
    public JsonNode Json { get; } = JsonNode.Parse(text)!;
    public string? ContentType { get; } = response.Content.Headers.ContentType?.MediaType;
    public string? RequestId { get; } = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : null;
    public string? ErrorTypeHeader { get; } = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.Single() : null;
    public string? ErrorType => Json["__type"]?.GetValue<string>();
    public string? Message => Json["message"]?.GetValue<string>();
}
