using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Kecs.Gateway.Tests;

/// <summary>AWS calls for services other than ECS: forwarded unchanged to the AWS companion, or answered when there is none.</summary>
public sealed class CompanionRoutingTests : IAsyncLifetime
{
    private const string CallersHost = "kecs.localhost:5373";
    private FakeBackend _ecsApi = null!;
    private FakeBackend _adminApi = null!;
    private FakeBackend _companion = null!;
    private GatewayFactory _gateway = null!;
    private GatewayFactory _gatewayWithoutCompanion = null!;
    private HttpClient _client = null!;
    private HttpClient _clientWithoutCompanion = null!;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ecsApi = await FakeBackend.StartAsync("ecsapi");
        _adminApi = await FakeBackend.StartAsync("adminapi");
        _companion = await FakeBackend.StartAsync("companion");
        _gateway = new GatewayFactory(_ecsApi.Url, _adminApi.Url, awsEndpoint: _companion.Url);
        _gateway.StartServer();
        _client = _gateway.CreateClient();
        _gatewayWithoutCompanion = new GatewayFactory(_ecsApi.Url, _adminApi.Url);
        _gatewayWithoutCompanion.StartServer();
        _clientWithoutCompanion = _gatewayWithoutCompanion.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _gatewayWithoutCompanion.DisposeAsync();
        await _ecsApi.DisposeAsync();
        await _adminApi.DisposeAsync();
        await _companion.DisposeAsync();
    }

    [Fact]
    public async Task JsonTargets_SignedForLogs_GoToTheCompanion_Unchanged()
    {
        using var request = LogsRequest();

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Equal("""{"servedBy":"companion"}""", await response.Content.ReadAsStringAsync(Cancellation));
        var seen = Assert.Single(_companion.Requests);
        Assert.Equal(("POST", "/", "Logs_20140328.CreateLogGroup", """{"logGroupName":"/ecs/web"}"""), (seen.Method, seen.Path, seen.Target, seen.Body));
        Assert.Equal(Authorization("logs"), seen.Headers["Authorization"]);
        Assert.Equal("20261124T120000Z", seen.Headers["X-Amz-Date"]);
        Assert.Equal(CallersHost, seen.Headers["Host"]);
        Assert.False(seen.Headers.ContainsKey("X-Forwarded-For"));
        Assert.Empty(_ecsApi.Requests);
    }

    [Fact]
    public async Task QueryProtocolFormPosts_SignedForIam_GoToTheCompanion_Unchanged()
    {
        using var request = IamRequest();

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_companion.Requests);
        Assert.Equal(("POST", "/", "Action=CreateRole&Version=2010-05-08&RoleName=web"), (seen.Method, seen.Path, seen.Body));
        Assert.StartsWith("application/x-www-form-urlencoded", seen.Headers["Content-Type"]);
        Assert.Equal(Authorization("iam"), seen.Headers["Authorization"]);
    }

    [Fact]
    public async Task S3Calls_GoToTheCompanion_WithAnyMethodAndPath_EvenABucketNamedAdmin()
    {
        using var request = S3Request(HttpMethod.Put, "/admin/logs/app.txt?x-id=PutObject", "hello from a task");

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_companion.Requests);
        Assert.Equal(("PUT", "/admin/logs/app.txt?x-id=PutObject", "hello from a task"), (seen.Method, seen.Path, seen.Body));
        Assert.Equal("UNSIGNED-PAYLOAD", seen.Headers["x-amz-content-sha256"]);
        Assert.Empty(_adminApi.Requests);
    }

    [Fact]
    public async Task S3Bodies_OverKestrelsDefaultLimit_StreamThroughToTheCompanion()
    {
        var body = new string('x', 31 * 1024 * 1024);
        using var request = S3Request(HttpMethod.Put, "/bucket/big", body);

        using var response = await _client.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Length, Assert.Single(_companion.Requests).Body.Length);
    }

    [Theory]
    [InlineData("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261124%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20261124T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123")]
    [InlineData("AWSAccessKeyId=AKID&Signature=U8RuZJVVfCWiagjSQ%2BKLFlSfvoo%3D&Expires=1796700439")]
    public async Task PresignedUrls_GoToTheCompanion_WithTheirQueryUnchanged(string query)
    {
        var path = $"/admin/report.csv?{query}";

        using var response = await _client.GetAsync(path, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_companion.Requests);
        Assert.Equal(("GET", path), (seen.Method, seen.Path));
    }

    [Fact]
    public async Task EcsCalls_StillGoToEcsApi_AndAdminCallsToAdminApi()
    {
        using var ecs = JsonRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}", Authorization("ecs"));

        using var ecsResponse = await _client.SendAsync(ecs, Cancellation);
        using var adminResponse = await _client.GetAsync("/admin/info", Cancellation);

        Assert.Equal("""{"servedBy":"ecsapi"}""", await ecsResponse.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal("""{"servedBy":"adminapi"}""", await adminResponse.Content.ReadAsStringAsync(Cancellation));
        Assert.Empty(_companion.Requests);
    }

    [Fact]
    public async Task WithoutACompanion_JsonCalls_Get400WithTheirType_NamingTheServiceAndHowToEnableOne()
    {
        using var response = await _clientWithoutCompanion.SendAsync(LogsRequest(), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("NoAwsCompanion", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;
        Assert.Equal("NoAwsCompanion", body["__type"]!.GetValue<string>());
        AssertExplainsHowToEnableACompanion(body["message"]!.GetValue<string>(), "logs");
        Assert.Empty(_ecsApi.Requests);
    }

    [Fact]
    public async Task WithoutACompanion_QueryCalls_Get400AsAnXmlErrorResponse()
    {
        using var response = await _clientWithoutCompanion.SendAsync(IamRequest(), Cancellation);

        var error = await XmlErrorAsync(response, HttpStatusCode.BadRequest, "ErrorResponse");
        Assert.Equal(("Sender", "NoAwsCompanion"), (error.Element("Type")?.Value, error.Element("Code")?.Value));
        AssertExplainsHowToEnableACompanion(error.Element("Message")!.Value, "iam");
    }

    [Fact]
    public async Task WithoutACompanion_Ec2Calls_Get400InEc2sErrorShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "DescribeVpcs", ["Version"] = "2016-11-15" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("ec2"));

        using var response = await _clientWithoutCompanion.SendAsync(request, Cancellation);

        var errors = await XmlErrorAsync(response, HttpStatusCode.BadRequest, "Response");
        var error = errors.Element("Errors")!.Element("Error")!;
        Assert.Equal("NoAwsCompanion", error.Element("Code")?.Value);
        AssertExplainsHowToEnableACompanion(error.Element("Message")!.Value, "ec2");
    }

    [Fact]
    public async Task WithoutACompanion_S3Calls_Get400InS3sErrorShape()
    {
        using var response = await _clientWithoutCompanion.SendAsync(S3Request(HttpMethod.Put, "/bucket/key", "body"), Cancellation);

        var error = await XmlErrorAsync(response, HttpStatusCode.BadRequest, "Error");
        Assert.Equal("NoAwsCompanion", error.Element("Code")?.Value);
        AssertExplainsHowToEnableACompanion(error.Element("Message")!.Value, "s3");
    }

    [Fact]
    public async Task ACompanionThatIsDown_Gives503_InTheCallersProtocol()
    {
        await using var gateway = new GatewayFactory(_ecsApi.Url, _adminApi.Url, awsEndpoint: $"http://127.0.0.1:{ClosedPort()}");
        gateway.StartServer();
        using var client = gateway.CreateClient();
        using var hangGuard = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        hangGuard.CancelAfter(TimeSpan.FromSeconds(30));

        using var response = await client.SendAsync(IamRequest(), hangGuard.Token);

        var error = await XmlErrorAsync(response, HttpStatusCode.ServiceUnavailable, "ErrorResponse");
        Assert.Equal(("Receiver", "ServiceUnavailableException"), (error.Element("Type")?.Value, error.Element("Code")?.Value));
        Assert.Contains("The AWS companion (the fake companion) is not reachable", error.Element("Message")!.Value);
    }

    private static void AssertExplainsHowToEnableACompanion(string message, string service)
    {
        Assert.Contains($"'{service}'", message);
        Assert.Contains("pip install 'moto[server]'", message);
        Assert.Contains("--aws-endpoint", message);
        Assert.Contains("--no-aws", message);
    }

    /// <summary>The error element of an XML error answer whose root is <paramref name="root"/>.</summary>
    private static async Task<XElement> XmlErrorAsync(HttpResponseMessage response, HttpStatusCode status, string root)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.EndsWith("xml", response.Content.Headers.ContentType?.MediaType);
        var document = XElement.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(root, document.Name.LocalName);
        return root == "ErrorResponse" ? document.Element("Error")! : document;
    }

    private static string Authorization(string service) =>
        $"AWS4-HMAC-SHA256 Credential=AKIAKECSTESTS/20261124/us-east-1/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd";

    private static HttpRequestMessage LogsRequest()
    {
        var request = JsonRequest("Logs_20140328.CreateLogGroup", """{"logGroupName":"/ecs/web"}""", Authorization("logs"));
        request.Headers.Host = CallersHost;
        request.Headers.Add("X-Amz-Date", "20261124T120000Z");
        return request;
    }

    private static HttpRequestMessage IamRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "CreateRole", ["Version"] = "2010-05-08", ["RoleName"] = "web" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("iam"));
        return request;
    }

    private static HttpRequestMessage S3Request(HttpMethod method, string path, string body)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Headers.TryAddWithoutValidation("Authorization", Authorization("s3"));
        request.Headers.Add("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        return request;
    }

    private static HttpRequestMessage JsonRequest(string target, string body, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
