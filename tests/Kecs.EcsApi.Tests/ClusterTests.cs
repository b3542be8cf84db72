using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

public sealed class ClusterTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ClusterTests() => _ecs = _factory.CreateEcsClient(region: "us-west-2");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task CreateCluster_ReturnsTheClusterAsEcsDoes()
    {
        var response = await _ecs.OkAsync("CreateCluster", """{"clusterName": "demo", "tags": [{"key": "env", "value": "dev"}]}""");

        var cluster = response["cluster"]!;
        Assert.Equal("arn:aws:ecs:us-west-2:123456789012:cluster/demo", Text(cluster["clusterArn"]));
        Assert.Equal("demo", Text(cluster["clusterName"]));
        Assert.Equal("ACTIVE", Text(cluster["status"]));
        foreach (var counter in new[] { "registeredContainerInstancesCount", "runningTasksCount", "pendingTasksCount", "activeServicesCount" })
        {
            Assert.Equal(0, cluster[counter]!.GetValue<int>());
        }

        Assert.Equal("""[{"name":"containerInsights","value":"disabled"}]""", cluster["settings"]!.ToJsonString());
        Assert.Equal("""[{"key":"env","value":"dev"}]""", cluster["tags"]!.ToJsonString());
        Assert.Equal("[]", cluster["statistics"]!.ToJsonString());
        Assert.DoesNotContain("null", response.ToJsonString());
    }

    [Fact]
    public async Task CreateCluster_WithoutName_CreatesDefault()
    {
        var response = await _ecs.OkAsync("CreateCluster");

        Assert.Equal("default", Text(response["cluster"]!["clusterName"]));
    }

    [Fact]
    public async Task CreateCluster_IsIdempotent_ReturningTheExistingCluster()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "same", "tags": [{"key": "first", "value": "1"}]}""");
        var again = await _ecs.OkAsync("CreateCluster", """{"clusterName": "same", "tags": [{"key": "second", "value": "2"}]}""");

        Assert.Equal("""[{"key":"first","value":"1"}]""", again["cluster"]!["tags"]!.ToJsonString());
        var list = await _ecs.OkAsync("ListClusters");
        Assert.Single(list["clusterArns"]!.AsArray());
    }

    [Fact]
    public async Task CreateCluster_ConcurrentCallsWithOneName_AllSucceedAndMakeOneCluster()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(_ => _ecs.CallAsync("CreateCluster", """{"clusterName": "raced"}""")));

        Assert.All(responses, r => Assert.Equal(200, r.Status));
        var list = await _ecs.OkAsync("ListClusters");
        Assert.Single(list["clusterArns"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"clusterName": "has space"}""", "Invalid cluster name")]
    [InlineData("""{"clusterName": "dots.are.not.allowed"}""", "Invalid cluster name")]
    [InlineData("""{"settings": [{"name": "containerInsights", "value": "sometimes"}]}""", "containerInsights")]
    [InlineData("""{"settings": [{"name": "colour", "value": "blue"}]}""", "colour")]
    [InlineData("""{"tags": [{"key": "aws:reserved", "value": "x"}]}""", "aws:")]
    [InlineData("""{"capacityProviders": ["MY_ASG"]}""", "MY_ASG")]
    [InlineData("""{"capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}""", "not associated with the cluster")]
    [InlineData("""{"configuration": {"executeCommandConfiguration": {"logging": "LOUD"}}}""", "LOUD")]
    public async Task CreateCluster_RejectsInvalidParameters(string request, string named)
    {
        var response = await _ecs.CallAsync("CreateCluster", request);

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorType);
        Assert.Contains(named, response.Message);
    }

    [Fact]
    public async Task CreateCluster_StoresEveryFieldItWasGiven()
    {
        const string configuration = """{"executeCommandConfiguration":{"kmsKeyId":"key-1","logging":"OVERRIDE","logConfiguration":{"cloudWatchLogGroupName":"/ecs/exec","cloudWatchEncryptionEnabled":true,"s3BucketName":"bucket","s3EncryptionEnabled":false,"s3KeyPrefix":"exec"}},"managedStorageConfiguration":{"kmsKeyId":"key-2","fargateEphemeralStorageKmsKeyId":"key-3"}}""";
        await _ecs.OkAsync("CreateCluster", $$"""
            {"clusterName": "full", "settings": [{"name": "containerInsights", "value": "enhanced"}],
             "configuration": {{configuration}},
             "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
             "defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 2}]}
            """);

        var described = await _ecs.OkAsync("DescribeClusters", """{"clusters": ["full"], "include": ["CONFIGURATIONS", "SETTINGS"]}""");

        var cluster = described["clusters"]![0]!;
        Assert.Equal(configuration, cluster["configuration"]!.ToJsonString());
        Assert.Equal("""[{"name":"containerInsights","value":"enhanced"}]""", cluster["settings"]!.ToJsonString());
        Assert.Equal("""["FARGATE","FARGATE_SPOT"]""", cluster["capacityProviders"]!.ToJsonString());
        Assert.Equal("""[{"capacityProvider":"FARGATE","weight":1,"base":2}]""", cluster["defaultCapacityProviderStrategy"]!.ToJsonString());
    }

    [Fact]
    public async Task DescribeClusters_ReportsMissingClustersAsFailures()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "present"}""");

        var response = await _ecs.OkAsync("DescribeClusters", """{"clusters": ["present", "absent"]}""");

        Assert.Equal("present", Text(response["clusters"]![0]!["clusterName"]));
        Assert.Single(response["clusters"]!.AsArray());
        Assert.Equal("""[{"arn":"arn:aws:ecs:us-west-2:123456789012:cluster/absent","reason":"MISSING"}]""", response["failures"]!.ToJsonString());
    }

    [Fact]
    public async Task DescribeClusters_WithoutNames_DescribesDefault()
    {
        var before = await _ecs.OkAsync("DescribeClusters");
        await _ecs.OkAsync("CreateCluster");
        var after = await _ecs.OkAsync("DescribeClusters");

        Assert.Equal("MISSING", Text(before["failures"]![0]!["reason"]));
        Assert.Equal("default", Text(after["clusters"]![0]!["clusterName"]));
        Assert.Empty(after["failures"]!.AsArray());
    }

    [Fact]
    public async Task DescribeClusters_AcceptsArnsOfItsOwnRegionOnly()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "byarn"}""");

        var response = await _ecs.OkAsync("DescribeClusters", """
            {"clusters": ["arn:aws:ecs:us-west-2:123456789012:cluster/byarn", "arn:aws:ecs:eu-west-1:123456789012:cluster/byarn"]}
            """);

        Assert.Single(response["clusters"]!.AsArray());
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:cluster/byarn", Text(response["failures"]![0]!["arn"]));
    }

    [Fact]
    public async Task DescribeClusters_ReturnsTagsAndSettingsOnlyWhenIncluded()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "gated", "tags": [{"key": "k", "value": "v"}]}""");

        var plain = (await _ecs.OkAsync("DescribeClusters", """{"clusters": ["gated"]}"""))["clusters"]![0]!;
        var full = (await _ecs.OkAsync("DescribeClusters", """{"clusters": ["gated"], "include": ["TAGS", "SETTINGS", "STATISTICS"]}"""))["clusters"]![0]!;

        Assert.Null(plain["tags"]);
        Assert.Null(plain["settings"]);
        Assert.Null(plain["statistics"]);
        Assert.Equal("""[{"key":"k","value":"v"}]""", full["tags"]!.ToJsonString());
        Assert.NotNull(full["settings"]);
        Assert.NotNull(full["statistics"]);
    }

    [Fact]
    public async Task DescribeClusters_RejectsUnknownIncludeValues()
    {
        var response = await _ecs.CallAsync("DescribeClusters", """{"include": ["EVERYTHING"]}""");

        Assert.Equal("InvalidParameterException", response.ErrorType);
    }

    [Fact]
    public async Task ListClusters_PagesThroughEveryClusterOnce()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"page-{i}").ToList();
        foreach (var name in names)
        {
            await _ecs.OkAsync("CreateCluster", $$"""{"clusterName": "{{name}}"}""");
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var request = new JsonObject { ["maxResults"] = 3 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await _ecs.OkAsync("ListClusters", request.ToJsonString());
            seen.AddRange(page["clusterArns"]!.AsArray().Select(Text));
            token = page["nextToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(names.Select(n => $"arn:aws:ecs:us-west-2:123456789012:cluster/{n}"), seen);
    }

    [Fact]
    public async Task ListClusters_ShowsOnlyTheCallersRegion()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "west"}""");
        var east = new EcsClient(_ecs.Http, "us-east-1");

        var list = await east.OkAsync("ListClusters");

        Assert.Empty(list["clusterArns"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"maxResults": 0}""")]
    [InlineData("""{"maxResults": 101}""")]
    [InlineData("""{"nextToken": "forged"}""")]
    public async Task ListClusters_RejectsBadPaging(string request)
    {
        var response = await _ecs.CallAsync("ListClusters", request);

        Assert.Equal(400, response.Status);
        Assert.Equal("InvalidParameterException", response.ErrorType);
    }

    [Fact]
    public async Task Clusters_SurviveARestart()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "durable", "tags": [{"key": "k", "value": "v"}]}""");
        await _factory.DisposeAsync();

        await using var restarted = new EcsApiFactory(_factory.DataDirectory);
        var ecs = restarted.CreateEcsClient(region: "us-west-2");
        var response = await ecs.OkAsync("DescribeClusters", """{"clusters": ["durable"], "include": ["TAGS"]}""");

        Assert.Equal("""[{"key":"k","value":"v"}]""", response["clusters"]![0]!["tags"]!.ToJsonString());
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}
