using System.Net;
using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>The internal endpoints behind AdminApi: status, reset, snapshot export and import, and the metrics they feed.</summary>
public sealed class StateAdministrationTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public StateAdministrationTests()
    {
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Status_names_the_database_its_size_and_last_write()
    {
        var before = await _internal.GetAsync("/internal/v1/status");
        await _ecs.ClusterAsync();

        var status = await _internal.GetAsync("/internal/v1/status");
        Assert.Equal(Path.Combine(_factory.DataDirectory, "kecs.duckdb"), status["databasePath"].Text());
        Assert.True(status["databaseSizeBytes"]!.GetValue<long>() > 0);
        Assert.Null(before["lastWriteAt"]);
        Assert.NotNull(status["lastWriteAt"]);
        Assert.Equal("123456789012", status["accountId"].Text());
        Assert.Equal("us-east-1", status["defaultRegion"].Text());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync("/internal/v1/status", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Reset_removes_everything_and_tells_the_feed_each_resource_is_gone()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.ServiceAsync(desiredCount: 0);
        var taskArn = (await _ecs.RunTaskAsync())["taskArn"].Text();
        var seen = (await _internal.ChangesAsync(0))["lastSequence"]!.GetValue<long>();

        var (status, reset) = await _internal.PostAsync("/internal/v1/reset");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, 1, 1, 1), (reset!["clusters"]!.GetValue<int>(), reset["services"]!.GetValue<int>(), reset["tasks"]!.GetValue<int>(), reset["taskDefinitions"]!.GetValue<int>()));
        var changes = (await _internal.ChangesAsync(seen))["changes"]!.AsArray();
        Assert.Equal(3, changes.Count);
        Assert.All(changes, change => Assert.True(change!["deleted"]!.GetValue<bool>()));
        Assert.Contains(changes, change => change!["arn"].Text() == taskArn);
        Assert.Empty((await _ecs.OkAsync("ListClusters"))["clusterArns"]!.AsArray());
        Assert.Empty((await _ecs.OkAsync("ListTaskDefinitionFamilies"))["families"]!.AsArray());
        Assert.Equal(reset["sequence"]!.GetValue<long>(), changes.Max(c => c!["sequence"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_snapshot_imported_after_a_reset_brings_every_resource_back()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "{{(await _ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"]}"""))["clusters"]![0]!["clusterArn"].Text()}}", "tags": [{"key": "team", "value": "a"}]}""");
        await _ecs.ServiceAsync(desiredCount: 0);
        await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "forceNewDeployment": true}""");
        var service = await DescribeServiceAsync();
        var deployments = await _ecs.OkAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc"}""");
        var snapshot = await _internal.GetAsync("/internal/v1/snapshot");
        await _internal.PostAsync("/internal/v1/reset");

        var (status, imported) = await _internal.PostAsync("/internal/v1/snapshot", snapshot.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, imported!["services"]!.GetValue<int>());
        Assert.Equal(service.ToJsonString(), (await DescribeServiceAsync()).ToJsonString());
        Assert.Equal(deployments.ToJsonString(), (await _ecs.OkAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc"}""")).ToJsonString());
        var tags = await _ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"], "include": ["TAGS"]}""");
        Assert.Equal("team", tags["clusters"]![0]!["tags"]![0]!["key"].Text());
        await _ecs.OkAsync("RegisterTaskDefinition", EcsScenario.BridgeTaskDefinition);
        Assert.EndsWith("web:2", (await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web"}"""))["taskDefinition"]!["taskDefinitionArn"].Text());
    }

    [Theory]
    [InlineData("""{"format": "other", "schemaStep": 3, "tables": {}}""", "This is not a kecs-state-snapshot")]
    [InlineData("""{"format": "kecs-state-snapshot", "schemaStep": 3, "tables": {"users": []}}""", "a table Kecs does not know: users")]
    [InlineData("""{"format": "kecs-state-snapshot", "schemaStep": 3, "tables": {"clusters": [{"arn": "x"}]}}""", "do not fit the tables")]
    [InlineData("""{"format": """, "not valid JSON")]
    public async Task A_snapshot_Kecs_cannot_take_is_refused_and_changes_nothing(string body, string message)
    {
        await _ecs.ClusterAsync();

        var (status, problem) = await _internal.PostAsync("/internal/v1/snapshot", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, problem!["detail"].Text());
        Assert.Single((await _ecs.OkAsync("ListClusters"))["clusterArns"]!.AsArray());
    }

    [Fact]
    public async Task Metrics_count_requests_by_operation_and_outcome_tasks_by_status_and_DuckDB_commits()
    {
        await _ecs.ClusterAsync();
        await _ecs.ExpectErrorAsync("DescribeServices", """{"cluster": "nosuch", "services": ["x"]}""", "ClusterNotFoundException", "Cluster not found");
        await _ecs.RegisterAsync();
        await _ecs.RunTaskAsync();

        var metrics = await _factory.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        // Other tests' EcsApi hosts in this process feed the same meter names, so counts are at least ours.
        const string Scope = "otel_scope_name=\"Kecs.EcsApi\"";
        Assert.Matches($"kecs_ecs_requests_total{{{Scope},error_type=\"\",operation=\"CreateCluster\",outcome=\"success\"}} [1-9]", metrics);
        Assert.Matches(
            $"kecs_ecs_requests_total{{{Scope},error_type=\"ClusterNotFoundException\",operation=\"DescribeServices\",outcome=\"client_error\"}} [1-9]", metrics);
        Assert.Matches($"kecs_ecs_tasks{{{Scope},last_status=\"[A-Z]+\"}} [1-9]", metrics);
        Assert.Matches($"kecs_storage_commits_total{{{Scope}}} [1-9]", metrics);
    }

    private async Task<JsonNode> DescribeServiceAsync() =>
        (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"], "include": ["TAGS"]}"""))["services"]![0]!;
}
