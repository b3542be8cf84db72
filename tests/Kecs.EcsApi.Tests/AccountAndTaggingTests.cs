namespace Kecs.EcsApi.Tests;

public sealed class AccountAndTaggingTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public AccountAndTaggingTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Tags_OnEveryTaggableResource_MergeAndRemove()
    {
        var cluster = (await _ecs.ClusterAsync())["clusterArn"].Text();
        var definition = (await _ecs.RegisterAsync())["taskDefinitionArn"].Text();
        var service = (await _ecs.ServiceAsync(desiredCount: 0))["serviceArn"].Text();
        var task = (await _ecs.RunTaskAsync())["taskArn"].Text();

        foreach (var arn in new[] { cluster, definition, service, task })
        {
            await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "{{arn}}", "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]}""");
            await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "{{arn}}", "tags": [{"key": "a", "value": "3"}]}""");
            var untag = await _ecs.OkAsync("UntagResource", $$"""{"resourceArn": "{{arn}}", "tagKeys": ["b", "absent"]}""");
            var tags = (await _ecs.OkAsync("ListTagsForResource", $$"""{"resourceArn": "{{arn}}"}"""))["tags"]!.AsArray();

            Assert.Equal("{}", untag.ToJsonString());
            Assert.Contains(tags, t => t!["key"].Text() == "a" && t["value"].Text() == "3");
            Assert.DoesNotContain(tags, t => t!["key"].Text() == "b");
        }
    }

    [Fact]
    public async Task Tagging_Errors()
    {
        await _ecs.ClusterAsync();

        await _ecs.ExpectErrorAsync("TagResource", """{"resourceArn": "not-an-arn", "tags": [{"key": "a", "value": "1"}]}""", "InvalidParameterException", "not a valid ECS resource ARN");
        await _ecs.ExpectErrorAsync("TagResource", """{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/nosuch", "tags": [{"key": "a", "value": "1"}]}""", "ClusterNotFoundException", "Cluster not found.");
        await _ecs.ExpectErrorAsync("ListTagsForResource", """{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:service/demo/nosuch"}""", "ResourceNotFoundException", "could not be found");
        await _ecs.ExpectErrorAsync("TagResource", """{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/demo", "tags": [{"key": "aws:x", "value": "1"}]}""", "InvalidParameterException", "aws:");
        var fifty = string.Join(",", Enumerable.Range(0, 50).Select(i => $$"""{"key": "k{{i}}", "value": "v"}"""));
        await _ecs.OkAsync("TagResource", $$"""{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/demo", "tags": [{{fifty}}]}""");
        await _ecs.ExpectErrorAsync("TagResource", """{"resourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/demo", "tags": [{"key": "one-more", "value": "1"}]}""", "InvalidParameterException", "at most 50 tags");
    }

    [Fact]
    public async Task AccountSettings_PutListAndDelete_WithEffectiveDefaults()
    {
        var put = await _ecs.OkAsync("PutAccountSetting", """{"name": "containerInsights", "value": "enhanced"}""");
        var putDefault = await _ecs.OkAsync("PutAccountSettingDefault", """{"name": "awsvpcTrunking", "value": "enabled"}""");
        var explicitOnly = await _ecs.OkAsync("ListAccountSettings", """{}""");
        var effective = await _ecs.OkAsync("ListAccountSettings", """{"effectiveSettings": true, "name": "taskLongArnFormat"}""");
        var deleted = await _ecs.OkAsync("DeleteAccountSetting", """{"name": "containerInsights"}""");

        Assert.Equal("""{"name":"containerInsights","value":"enhanced","principalArn":"arn:aws:iam::123456789012:root","type":"user"}""", put["setting"]!.ToJsonString());
        Assert.Equal("enabled", putDefault["setting"]!["value"].Text());
        Assert.Equal(2, explicitOnly["settings"]!.AsArray().Count);
        Assert.Equal("""[{"name":"taskLongArnFormat","value":"enabled","principalArn":"arn:aws:iam::123456789012:root","type":"aws_managed"}]""", effective["settings"]!.ToJsonString());
        Assert.Equal("enhanced", deleted["setting"]!["value"].Text());
        Assert.Single((await _ecs.OkAsync("ListAccountSettings", """{}"""))["settings"]!.AsArray());
        await _ecs.ExpectErrorAsync("PutAccountSetting", """{"name": "colour", "value": "blue"}""", "InvalidParameterException", "not an account setting");
        await _ecs.ExpectErrorAsync("PutAccountSetting", """{"name": "containerInsights", "value": "maybe"}""", "InvalidParameterException", "not a valid value");
    }

    [Fact]
    public async Task ListAccountSettings_PagesByTen()
    {
        var first = await _ecs.OkAsync("ListAccountSettings", """{"effectiveSettings": true}""");
        var second = await _ecs.OkAsync("ListAccountSettings", $$"""{"effectiveSettings": true, "nextToken": "{{first["nextToken"].Text()}}"}""");

        Assert.Equal(10, first["settings"]!.AsArray().Count);
        Assert.Single(second["settings"]!.AsArray());
    }

    [Fact]
    public async Task Attributes_OfAnInstanceTheClusterDoesNotHave_AreTargetNotFound()
    {
        await _ecs.ClusterAsync();

        await _ecs.ExpectErrorAsync("PutAttributes", """{"cluster": "demo", "attributes": [{"name": "stack", "value": "prod", "targetId": "0123456789abcdef0123456789abcdef"}]}""",
            "TargetNotFoundException", "0123456789abcdef0123456789abcdef");
        await _ecs.ExpectErrorAsync("PutAttributes", """{"cluster": "nosuch", "attributes": [{"name": "stack"}]}""", "ClusterNotFoundException", "Cluster not found.");
        Assert.Equal("[]", (await _ecs.OkAsync("ListAttributes", """{"cluster": "demo", "targetType": "container-instance"}"""))["attributes"]!.ToJsonString());
        await _ecs.ExpectErrorAsync("ListAttributes", """{"cluster": "demo", "targetType": "task"}""", "InvalidParameterException", "targetType");
    }

    [Fact]
    public async Task CapacityProviders_FargateAndFargateSpot_Exist()
    {
        var all = await _ecs.OkAsync("DescribeCapacityProviders");
        var some = await _ecs.OkAsync("DescribeCapacityProviders", """{"capacityProviders": ["FARGATE_SPOT", "MY_ASG"]}""");

        Assert.Equal(["FARGATE", "FARGATE_SPOT"], all["capacityProviders"]!.AsArray().Select(p => p!["name"].Text()));
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:capacity-provider/FARGATE_SPOT", some["capacityProviders"]![0]!["capacityProviderArn"].Text());
        Assert.Equal("""[{"arn":"arn:aws:ecs:us-east-1:123456789012:capacity-provider/MY_ASG","reason":"MISSING"}]""", some["failures"]!.ToJsonString());
    }
}
