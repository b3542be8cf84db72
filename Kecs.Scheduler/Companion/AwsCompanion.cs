using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Companion;

/// <summary>
/// Kecs's own calls to the AWS companion, made as the task's execution role would make them on ECS: JSON-protocol
/// operations (SSM, Secrets Manager, CloudWatch Logs) and S3 objects, each signed with SigV4 for the task's region.
/// </summary>
public sealed class AwsCompanion
{
    private readonly HttpClient _http;
    private readonly SigV4Signer _signer;
    private readonly TimeProvider _clock;

    public AwsCompanion(HttpClient http, IOptions<AwsCompanionOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        Configured = settings.Configured;
        if (Configured)
        {
            http.BaseAddress = new Uri(settings.Endpoint!.TrimEnd('/') + "/");
        }

        http.Timeout = settings.CallTimeout;
        _http = http;
        _signer = new SigV4Signer(settings.AccessKeyId, settings.SecretAccessKey);
        _clock = clock;
    }

    /// <summary>False when Kecs runs without a companion.</summary>
    public bool Configured { get; }

    public Uri? Endpoint => _http.BaseAddress;

    /// <summary>Calls an operation of a JSON-protocol service (<paramref name="target"/>: <c>AmazonSSM.GetParameter</c>).</summary>
    public async Task<JsonObject> CallAsync(string service, string target, string region, JsonObject body, CancellationToken cancellation)
    {
        var payload = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, Address("")) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        using var response = await SendAsync(request, payload, region, service, cancellation);
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw JsonError(service, response, text);
        }

        return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    /// <summary>The bytes of an S3 object.</summary>
    public async Task<byte[]> GetObjectAsync(string region, string bucket, string key, CancellationToken cancellation)
    {
        var path = Uri.EscapeDataString(bucket) + "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        using var request = new HttpRequestMessage(HttpMethod.Get, Address(path));
        using var response = await SendAsync(request, [], region, "s3", cancellation);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw S3Error(response, Encoding.UTF8.GetString(bytes));
        }

        return bytes;
    }

    private Uri Address(string path) => Configured
        ? new Uri(_http.BaseAddress!, path)
        : throw new InvalidOperationException("Kecs runs without an AWS companion (Aws:Endpoint is not set).");

    private async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, byte[] payload, string region, string service, CancellationToken cancellation)
    {
        _signer.Sign(request, payload, region, service, _clock.GetUtcNow());
        return await _http.SendAsync(request, cancellation);
    }

    /// <summary>A JSON-protocol error: <c>{"__type": "[namespace#]Code", "message": "..."}</c>.</summary>
    private static AwsServiceException JsonError(string service, HttpResponseMessage response, string text)
    {
        string? type = null, message = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject error)
            {
                type = error["__type"]?.GetValue<string>();
                message = (error["message"] ?? error["Message"])?.GetValue<string>();
            }
        }
        catch (JsonException)
        {
        }

        type ??= response.Headers.TryGetValues("X-Amzn-ErrorType", out var values) ? values.First().Split(':')[0] : response.StatusCode.ToString();
        return new AwsServiceException(service, type[(type.LastIndexOf('#') + 1)..], message ?? text, response.StatusCode);
    }

    /// <summary>A REST-XML error: <c>&lt;Error&gt;&lt;Code&gt;NoSuchKey&lt;/Code&gt;&lt;Message&gt;...</c>.</summary>
    private static AwsServiceException S3Error(HttpResponseMessage response, string text)
    {
        string? code = null, message = null;
        try
        {
            var error = XDocument.Parse(text).Root;
            code = error?.Element("Code")?.Value;
            message = error?.Element("Message")?.Value;
        }
        catch (System.Xml.XmlException)
        {
        }

        return new AwsServiceException("s3", code ?? response.StatusCode.ToString(), message ?? text, response.StatusCode);
    }
}
