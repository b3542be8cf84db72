namespace Kecs.EcsApi.Tests;

/// <summary>
/// ARNs with an empty account field, as Terraform's AWS provider sends them when it imports against an emulator
/// with <c>skip_requesting_account_id</c>: they mean the caller's account; another account's ARN is still refused.
/// </summary>
public sealed class AccountlessArnTests : IAsyncDisposable
{
    private const string Accountless = "arn:aws:ecs:us-east-1::";
    private const string OtherAccount = "arn:aws:ecs:us-east-1:210987654321:";
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public AccountlessArnTests() => _ecs = _factory.CreateEcsClient(region: "us-east-1");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task DescribeClusters_finds_a_cluster_by_an_arn_without_account()
    {
        await _ecs.ClusterAsync();

        var found = await _ecs.OkAsync("DescribeClusters", $$"""{"clusters": ["{{Accountless}}cluster/demo"]}""");
        var elsewhere = await _ecs.OkAsync("DescribeClusters", $$"""{"clusters": ["{{OtherAccount}}cluster/demo"]}""");

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/demo", found["clusters"]![0]!["clusterArn"].Text());
        Assert.Empty(found["failures"]!.AsArray());
        Assert.Empty(elsewhere["clusters"]!.AsArray());
        Assert.Equal("MISSING", elsewhere["failures"]![0]!["reason"].Text());
    }

    [Fact]
    public async Task Services_tasks_and_task_definitions_resolve_arns_without_account()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 0);
        var task = await _ecs.RunTaskAsync();
        var taskId = task["taskArn"].Text().Split('/')[^1];

        var services = await _ecs.OkAsync("DescribeServices",
            $$"""{"cluster": "{{Accountless}}cluster/demo", "services": ["{{Accountless}}service/demo/websvc"]}""");
        var tasks = await _ecs.OkAsync("DescribeTasks",
            $$"""{"cluster": "{{Accountless}}cluster/demo", "tasks": ["{{Accountless}}task/demo/{{taskId}}"]}""");
        var definition = await _ecs.OkAsync("DescribeTaskDefinition", $$"""{"taskDefinition": "{{Accountless}}task-definition/web:1"}""");

        Assert.Equal(service["serviceArn"].Text(), services["services"]![0]!["serviceArn"].Text());
        Assert.Equal(task["taskArn"].Text(), tasks["tasks"]![0]!["taskArn"].Text());
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", definition["taskDefinition"]!["taskDefinitionArn"].Text());
    }

    [Fact]
    public async Task Arns_of_another_account_are_still_refused()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.ServiceAsync(desiredCount: 0);

        var services = await _ecs.OkAsync("DescribeServices", $$"""{"cluster": "demo", "services": ["{{OtherAccount}}service/demo/websvc"]}""");

        Assert.Equal("MISSING", services["failures"]![0]!["reason"].Text());
        await _ecs.ExpectErrorAsync("DescribeServices", $$"""{"cluster": "{{OtherAccount}}cluster/demo", "services": ["websvc"]}""",
            "ClusterNotFoundException", "Cluster not found");
        await _ecs.ExpectErrorAsync("DescribeTaskDefinition", $$"""{"taskDefinition": "{{OtherAccount}}task-definition/web:1"}""",
            "ClientException", "Unable to describe task definition");
    }

    [Fact]
    public async Task Tags_are_read_and_written_through_an_arn_without_account()
    {
        await _ecs.ClusterAsync();

        await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "{{Accountless}}cluster/demo", "tags": [{"key": "env", "value": "ci"}]}""");
        var tags = await _ecs.OkAsync("ListTagsForResource", """{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/demo"}""");

        Assert.Equal("""[{"key":"env","value":"ci"}]""", tags["tags"]!.ToJsonString());
    }
}
