using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.Gateway.Tests;

public sealed class GatewayRoutingTests : IAsyncLifetime
{
    private FakeBackend _ecsApi = null!;
    private FakeBackend _adminApi = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _client = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ecsApi = await FakeBackend.StartAsync("ecsapi");
        _adminApi = await FakeBackend.StartAsync("adminapi");
        _gateway = new GatewayFactory(_ecsApi.Url, _adminApi.Url);
        _gateway.StartServer();
        _client = _gateway.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _ecsApi.DisposeAsync();
        await _adminApi.DisposeAsync();
    }

    [Fact]
    public async Task EcsTargets_GoToEcsApi_WithBodyAndTarget()
    {
        using var response = await _client.SendAsync(AwsRequest("AmazonEC2ContainerServiceV20141113.ListClusters", """{"maxResults": 5}"""), Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"servedBy":"ecsapi"}""", await response.Content.ReadAsStringAsync(Cancellation));
        var seen = Assert.Single(_ecsApi.Requests);
        Assert.Equal(("POST", "/", "AmazonEC2ContainerServiceV20141113.ListClusters", """{"maxResults": 5}"""),
            (seen.Method, seen.Path, seen.Target, seen.Body));
        Assert.Empty(_adminApi.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EcsBodies_OverTheLimit_GetAnAwsShaped413_AndNeverReachEcsApi(bool withContentLength)
    {
        var body = "{\"family\": \"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var request = AwsRequest("AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition", body);
        if (!withContentLength)
        {
            request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Contains("1024 KiB", await AwsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLargeException"));
        Assert.All(_ecsApi.Requests, seen => Assert.True(seen.Body.Length <= 1024 * 1024));
    }

    [Fact]
    public async Task HeaderValues_OutsideAscii_GetAnAwsShaped400_NotABackendError()
    {
        using var request = AwsRequest("AmazonEC2ContainerServiceV20141113.CreateClusteré", "{}");
        using var utf8Headers = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 })
        {
            BaseAddress = _client.BaseAddress,
        };

        using var response = await utf8Headers.SendAsync(request, Cancellation);

        Assert.Contains("X-Amz-Target", await AwsErrorAsync(response, HttpStatusCode.BadRequest, "SerializationException"));
        Assert.Empty(_ecsApi.Requests);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/")]
    [InlineData("/admin/health")]
    [InlineData("/admin/tasks/abc/logs?follow=true")]
    public async Task AdminPaths_GoToAdminApi_Unchanged(string path)
    {
        using var response = await _client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path, Assert.Single(_adminApi.Requests).Path);
        Assert.Empty(_ecsApi.Requests);
    }

    [Theory]
    [InlineData("AmazonSQS.SendMessage")]
    [InlineData("Logs_20140328.PutLogEvents")]
    [InlineData("")]
    public async Task OtherAwsTargets_Unsigned_Get400UnknownOperation_NamingTheTarget(string target)
    {
        using var response = await _client.SendAsync(AwsRequest(target, "{}"), Cancellation);

        var error = await AwsErrorAsync(response, HttpStatusCode.BadRequest, "UnknownOperationException");
        Assert.Contains(target.Length > 0 ? target : "X-Amz-Target", error);
        Assert.Empty(_ecsApi.Requests);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=host, Signature=00")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/sts, SignedHeaders=host, Signature=00")]
    public async Task QueryProtocolCalls_NotSignedForAnotherService_Get400UnknownOperation_NamingTheAction(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "GetCallerIdentity", ["Version"] = "2011-06-15" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Contains("GetCallerIdentity", await AwsErrorAsync(response, HttpStatusCode.BadRequest, "UnknownOperationException"));
    }

    [Fact]
    public async Task EcsTargetWithTheWrongMethod_Gets400()
    {
        using var request = AwsRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}");
        request.Method = HttpMethod.Put;

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Contains("POST /", await AwsErrorAsync(response, HttpStatusCode.BadRequest, "UnknownOperationException"));
        Assert.Empty(_ecsApi.Requests);
    }

    [Fact]
    public async Task RequestsThatAreNotAwsCalls_Get404()
    {
        using var response = await _client.GetAsync("/favicon.ico", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TraceContext_FlowsToTheBackend()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = AwsRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        // The test shares a process with the gateway's telemetry; this client must not start a trace of its own.
        using var untraced = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _client.BaseAddress };
        using var response = await untraced.SendAsync(request, Cancellation);

        var traceParent = Assert.Single(_ecsApi.Requests).TraceParent;
        Assert.NotNull(traceParent);
        Assert.Equal(traceId, traceParent.Split('-')[1]);
    }

    [Fact]
    public async Task ABackendThatIsDown_Gives503WithAnAwsBody()
    {
        await using var gateway = new GatewayFactory(ecsApiUrl: $"http://127.0.0.1:{ClosedPort()}", adminApiUrl: _adminApi.Url);
        gateway.StartServer();
        using var client = gateway.CreateClient();
        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        hangGuard.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(AwsRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}"), hangGuard.Token);

        Assert.Contains("ecsapi", await AwsErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException"));
    }

    private static HttpRequestMessage AwsRequest(string target, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }

    private static async Task<string> AwsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(errorType, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;
        Assert.Equal(errorType, body["__type"]!.GetValue<string>());
        return body["message"]!.GetValue<string>();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
