using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>ECS managed tags: with enableECSManagedTags a task carries its cluster's name, and a service's task its service's too.</summary>
public sealed class ManagedTagsTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public ManagedTagsTests()
    {
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_standalone_task_carries_the_cluster_name_beside_its_own_tags()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();

        var task = await _ecs.RunTaskAsync(""", "enableECSManagedTags": true, "tags": [{"key": "own", "value": "1"}]""");
        var unmanaged = await _ecs.RunTaskAsync();

        Assert.Equal("""[{"key":"own","value":"1"},{"key":"aws:ecs:clusterName","value":"demo"}]""", (await TagsAsync(task)).ToJsonString());
        Assert.Equal("[]", (await TagsAsync(unmanaged)).ToJsonString());
    }

    [Fact]
    public async Task A_service_task_carries_the_cluster_and_service_names_and_the_propagated_tags()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 1,
            extra: """, "enableECSManagedTags": true, "propagateTags": "SERVICE", "tags": [{"key": "tier", "value": "web"}]""");

        var (_, started) = await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{service["deployments"]![0]!["id"].Text()}}", "targetTaskCount": 1}""");
        var tags = await TagsAsync(started!["started"]![0]!["task"]!);

        Assert.Equal(
            """[{"key":"tier","value":"web"},{"key":"aws:ecs:clusterName","value":"demo"},{"key":"aws:ecs:serviceName","value":"websvc"}]""",
            tags.ToJsonString());
    }

    [Fact]
    public async Task Managed_tags_do_not_count_against_the_fifty_tag_limit_and_cannot_be_given_by_callers()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var task = await _ecs.RunTaskAsync(""", "enableECSManagedTags": true""");
        var fifty = string.Join(", ", Enumerable.Range(1, 50).Select(i => $$"""{"key": "k{{i}}", "value": "v"}"""));

        await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "{{task["taskArn"].Text()}}", "tags": [{{fifty}}]}""");

        Assert.Equal(51, (await TagsAsync(task)).AsArray().Count);
        await _ecs.ExpectErrorAsync("TagResource",
            $$"""{"resourceArn": "{{task["taskArn"].Text()}}", "tags": [{"key": "aws:ecs:clusterName", "value": "other"}]}""",
            "InvalidParameterException", "reserved prefix 'aws:'");
    }

    private async Task<JsonNode> TagsAsync(JsonNode task) =>
        (await _ecs.OkAsync("ListTagsForResource", $$"""{"resourceArn": "{{task["taskArn"].Text()}}"}"""))["tags"]!;
}
