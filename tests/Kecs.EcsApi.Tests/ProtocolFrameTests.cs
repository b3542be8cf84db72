namespace Kecs.EcsApi.Tests;

public sealed class ProtocolFrameTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ProtocolFrameTests() => _ecs = _factory.CreateEcsClient(region: "eu-central-1");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Success_IsJsonWithARequestId()
    {
        var response = await _ecs.CallAsync("ListClusters");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/x-amz-json-1.1", response.ContentType);
        Assert.True(Guid.TryParse(response.RequestId, out _), $"request id '{response.RequestId}' is not a UUID");
        Assert.NotNull(response.Json["clusterArns"]);
    }

    [Theory]
    [InlineData(null, "UnknownOperationException", "X-Amz-Target")]
    [InlineData("AmazonSQS.ListQueues", "UnknownOperationException", "AmazonSQS.ListQueues")]
    [InlineData("AmazonEC2ContainerServiceV20141113.LaunchRocket", "UnknownOperationException", "LaunchRocket")]
    [InlineData("AmazonEC2ContainerServiceV20141113.ExecuteCommand", "UnsupportedFeatureException", "ExecuteCommand")]
    public async Task UnservedTargets_Get400WithTheErrorEnvelope(string? target, string errorType, string named)
    {
        var response = await _ecs.SendAsync(target, "{}");

        Assert.Equal(400, response.Status);
        Assert.Equal(errorType, response.ErrorType);
        Assert.Equal(errorType, response.ErrorTypeHeader);
        Assert.Contains(named, response.Message);
        Assert.NotNull(response.RequestId);
        Assert.Equal("application/x-amz-json-1.1", response.ContentType);
    }

    [Theory]
    [InlineData("{\"clusterName\": ")]
    [InlineData("{\"clusterName\": 42}")]
    [InlineData("{\"tags\": {\"key\": \"a\"}}")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("not json")]
    public async Task UnreadableBodies_AreSerializationExceptions(string body)
    {
        var response = await _ecs.SendAsync(EcsClient.TargetPrefix + "CreateCluster", body);

        Assert.Equal(400, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.DoesNotContain("System.", response.Message);
    }

    [Theory]
    [InlineData("DeleteAttributes", """{"attributes": [null, {"value": "web"}]}""", "$.attributes[0]")]
    [InlineData("CreateCluster", """{"clusterName": "a", "tags": [{"key": "k"}, null]}""", "$.tags[1]")]
    [InlineData("RegisterTaskDefinition", """{"family": "f", "containerDefinitions": [{"name": "c", "command": ["a", null]}]}""", "$.containerDefinitions[0].command[1]")]
    public async Task NullInAList_IsASerializationException_NamingWhere(string operation, string body, string path)
    {
        var response = await _ecs.SendAsync(EcsClient.TargetPrefix + operation, body);

        Assert.Equal(400, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
        Assert.Equal($"The request body could not be read at {path}: a list cannot hold null.", response.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x20, 0x31, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x20, 0x22, 0xFF, 0xFE, 0x22, 0x7D })]
    public async Task InvalidUtf8_IsASerializationException(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = content };
        request.Headers.Add("X-Amz-Target", EcsClient.TargetPrefix + "CreateCluster");

        using var response = await _ecs.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("SerializationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task WrongJsonType_NamesTheMember()
    {
        var response = await _ecs.SendAsync(EcsClient.TargetPrefix + "CreateCluster", "{\"clusterName\": 42}");

        Assert.Contains("clusterName", response.Message);
    }

    [Fact]
    public async Task EmptyBody_IsTreatedAsAnEmptyObject()
    {
        var response = await _ecs.SendAsync(EcsClient.TargetPrefix + "ListClusters", "");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task Region_ComesFromTheCredentialScope()
    {
        var cluster = await _ecs.OkAsync("CreateCluster", """{"clusterName": "regional"}""");

        Assert.Equal("arn:aws:ecs:eu-central-1:123456789012:cluster/regional", cluster["cluster"]!["clusterArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsignedRequests_UseTheDefaultRegion()
    {
        var response = await _ecs.SendAsync(EcsClient.TargetPrefix + "CreateCluster", """{"clusterName": "unsigned"}""", authorization: "");

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/unsigned", response.Json["cluster"]!["clusterArn"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownMembers_AreIgnored()
    {
        var response = await _ecs.CallAsync("CreateCluster", """{"clusterName": "extra", "somethingNew": {"a": [1, 2]}}""");

        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task OversizedBodies_Get413WithTheErrorEnvelope()
    {
        var huge = $$"""{"clusterName": "{{new string('a', 2 * 1024 * 1024)}}"}""";

        var response = await _ecs.CallAsync("CreateCluster", huge);

        Assert.Equal(413, response.Status);
        Assert.Equal("RequestEntityTooLargeException", response.ErrorType);
    }
}
