using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>Registered (virtual) container instances over HTTP: their resources and attributes, StartTask on them, draining, deregistering.</summary>
public sealed class ContainerInstanceTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ContainerInstanceTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_registered_instance_has_the_resources_and_attributes_given_beside_the_hosts()
    {
        await _ecs.ClusterAsync();

        var instance = await RegisterAsync("""
            , "instanceIdentityDocument": "{\"instanceId\": \"i-0abc\", \"instanceType\": \"m5.large\", \"availabilityZone\": \"us-east-1b\"}",
              "totalResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024}, {"name": "MEMORY", "type": "INTEGER", "integerValue": 2048}],
              "attributes": [{"name": "stack", "value": "prod"}]
            """);
        var cluster = (await _ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"]}"""))["clusters"]![0]!;

        Assert.Matches("^arn:aws:ecs:us-east-1:123456789012:container-instance/demo/[0-9a-f]{32}$", instance["containerInstanceArn"].Text());
        Assert.Equal(("i-0abc", "ACTIVE", true), (instance["ec2InstanceId"].Text(), instance["status"].Text(), instance["agentConnected"]!.GetValue<bool>()));
        Assert.Equal(1024, Resource(instance, "registeredResources", "CPU"));
        Assert.Equal(2048, Resource(instance, "remainingResources", "MEMORY"));
        Assert.Equal("us-east-1b", Attribute(instance, "ecs.availability-zone"));
        Assert.Equal("m5.large", Attribute(instance, "ecs.instance-type"));
        Assert.Equal("prod", Attribute(instance, "stack"));
        Assert.Equal(1, cluster["registeredContainerInstancesCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task StartTask_places_a_task_on_each_instance_named_while_it_has_room()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var small = await RegisterAsync(""", "totalResources": [{"name": "MEMORY", "integerValue": 300}]""");
        var id = small["containerInstanceArn"].Text()[^32..];

        var first = await _ecs.OkAsync("StartTask", $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{id}}"]}""");
        var second = await _ecs.OkAsync("StartTask",
            $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{id}}", "0123456789abcdef0123456789abcdef"]}""");
        var described = (await _ecs.OkAsync("DescribeContainerInstances", $$"""{"cluster": "demo", "containerInstances": ["{{id}}"]}"""))
            ["containerInstances"]![0]!;

        var task = first["tasks"]![0]!;
        Assert.Equal((small["containerInstanceArn"].Text(), "EC2"), (task["containerInstanceArn"].Text(), task["launchType"].Text()));
        Assert.Equal(["RESOURCE:MEMORY", "MISSING"], second["failures"]!.AsArray().Select(f => f!["reason"].Text()));
        Assert.Equal(300 - 256, Resource(described, "remainingResources", "MEMORY"));
        Assert.Equal(1, described["pendingTasksCount"]!.GetValue<int>() + described["runningTasksCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Instances_are_listed_by_status_and_by_attribute()
    {
        await _ecs.ClusterAsync();
        var east = await RegisterAsync(""", "attributes": [{"name": "ecs.availability-zone", "value": "us-east-1a"}, {"name": "tier", "value": "gpu"}]""");
        var west = await RegisterAsync(""", "attributes": [{"name": "ecs.availability-zone", "value": "us-east-1b"}]""");
        await _ecs.OkAsync("UpdateContainerInstancesState", $$"""{"cluster": "demo", "containerInstances": ["{{west["containerInstanceArn"].Text()}}"], "status": "DRAINING"}""");

        var inZone = await ListAsync("""{"cluster": "demo", "filter": "attribute:ecs.availability-zone == us-east-1a"}""");
        var either = await ListAsync("""{"cluster": "demo", "filter": "attribute:tier exists or attribute:ecs.availability-zone in [us-east-1b, us-east-1c]"}""");
        var draining = await ListAsync("""{"cluster": "demo", "status": "DRAINING"}""");

        Assert.Equal([east["containerInstanceArn"].Text()], inZone);
        Assert.Equal(2, either.Count);
        Assert.Equal([west["containerInstanceArn"].Text()], draining);
    }

    [Fact]
    public async Task An_instance_with_tasks_is_deregistered_only_with_force()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var arn = (await RegisterAsync(""))["containerInstanceArn"].Text();
        await _ecs.OkAsync("StartTask", $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{arn}}"]}""");

        await _ecs.ExpectErrorAsync("DeregisterContainerInstance", $$"""{"cluster": "demo", "containerInstance": "{{arn}}"}""",
            "InvalidParameterException", "deregister with force");
        var deregistered = (await _ecs.OkAsync("DeregisterContainerInstance", $$"""{"cluster": "demo", "containerInstance": "{{arn}}", "force": true}"""))
            ["containerInstance"]!;

        Assert.Equal("INACTIVE", deregistered["status"].Text());
        Assert.Empty(await ListAsync("""{"cluster": "demo"}"""));
        await _ecs.ExpectErrorAsync("UpdateContainerAgent", $$"""{"cluster": "demo", "containerInstance": "{{arn}}"}""",
            "InvalidParameterException", "is not registered");
    }

    [Fact]
    public async Task Attributes_are_put_listed_and_deleted_on_an_instance_by_id_or_arn()
    {
        await _ecs.ClusterAsync();
        var arn = (await RegisterAsync(""))["containerInstanceArn"].Text();

        await _ecs.OkAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "stack", "value": "prod", "targetType": "container-instance", "targetId": "{{arn[^32..]}}"}]}""");
        var listed = await _ecs.OkAsync("ListAttributes", """{"cluster": "demo", "targetType": "container-instance", "attributeName": "stack"}""");
        await _ecs.OkAsync("DeleteAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "stack", "targetId": "{{arn}}"}]}""");
        var after = await _ecs.OkAsync("ListAttributes", """{"cluster": "demo", "targetType": "container-instance", "attributeName": "stack"}""");

        Assert.Equal($$"""[{"name":"stack","value":"prod","targetType":"container-instance","targetId":"{{arn}}"}]""", listed["attributes"]!.ToJsonString());
        Assert.Equal("[]", after["attributes"]!.ToJsonString());
        await _ecs.ExpectErrorAsync("UpdateContainerAgent", $$"""{"cluster": "demo", "containerInstance": "{{arn}}"}""",
            "NoUpdateAvailableException", "no update available");
    }

    private async Task<JsonNode> RegisterAsync(string extra) =>
        (await _ecs.OkAsync("RegisterContainerInstance", """{"cluster": "demo" """ + extra + "}"))["containerInstance"]!;

    private async Task<List<string>> ListAsync(string request) =>
        (await _ecs.OkAsync("ListContainerInstances", request))["containerInstanceArns"]!.AsArray().Select(a => a.Text()).ToList();

    private static int Resource(JsonNode instance, string member, string name) =>
        instance[member]!.AsArray().Single(r => r!["name"].Text() == name)!["integerValue"]!.GetValue<int>();

    private static string Attribute(JsonNode instance, string name) =>
        instance["attributes"]!.AsArray().Single(a => a!["name"].Text() == name)!["value"].Text();
}
