using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// Placement constraints and strategies over registered container instances: which instance RunTask and a service's
/// tasks land on, and the failure ECS reports when a task fits nowhere. The task definition asks 256 MiB per task.
/// </summary>
public sealed class TaskPlacementTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public TaskPlacementTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task MemberOf_places_tasks_on_the_instances_its_expression_matches_and_fails_when_none_does()
    {
        await SetUpAsync();
        await RegisterAsync("us-east-1a");
        var b = await RegisterAsync("us-east-1b");

        var placed = await RunAsync("""{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1b"}""", count: 2);
        var unplaced = await RunAsync("""{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1c"}""");

        Assert.All(placed["tasks"]!.AsArray(), t => Assert.Equal(b, t!["containerInstanceArn"].Text()));
        Assert.All(placed["tasks"]!.AsArray(), t => Assert.Equal("us-east-1b", t!["availabilityZone"].Text()));
        Assert.Empty(unplaced["tasks"]!.AsArray());
        Assert.Equal("MemberOf placement constraint unsatisfied.", unplaced["failures"]![0]!["reason"].Text());
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:container-instance/demo/", unplaced["failures"]![0]!["arn"].Text());
    }

    [Fact]
    public async Task DistinctInstance_puts_each_task_of_a_group_on_another_instance()
    {
        await SetUpAsync();
        await RegisterAsync("us-east-1a");
        await RegisterAsync("us-east-1b");

        var run = await RunAsync("""{"type": "distinctInstance"}""", count: 3);

        Assert.Equal(2, run["tasks"]!.AsArray().Select(t => t!["containerInstanceArn"].Text()).Distinct().Count());
        Assert.Equal("DistinctInstance placement constraint unsatisfied.", run["failures"]!.AsArray().Single()!["reason"].Text());
    }

    [Fact]
    public async Task Binpack_fills_the_fullest_instance_and_spread_evens_tasks_out()
    {
        await SetUpAsync();
        var small = await RegisterAsync("us-east-1a", memory: 600);
        var large = await RegisterAsync("us-east-1b", memory: 4000);

        var spread = await RunAsync(strategy: """{"type": "spread", "field": "attribute:ecs.availability-zone"}""", count: 2, group: "spread");
        var packed = await RunAsync(strategy: """{"type": "binpack", "field": "memory"}""", count: 3);
        var tooBig = await _ecs.OkAsync("RunTask", """
            {"cluster": "demo", "taskDefinition": "web", "overrides": {"memory": "9000"}, "placementStrategy": [{"type": "random"}]}
            """);

        Assert.Equal([small, large, large], packed["tasks"]!.AsArray().Select(t => t!["containerInstanceArn"].Text()));
        Assert.Equal(2, spread["tasks"]!.AsArray().Select(t => t!["containerInstanceArn"].Text()).Distinct().Count());
        Assert.Equal("RESOURCE:MEMORY", tooBig["failures"]![0]!["reason"].Text());
    }

    [Fact]
    public async Task A_service_task_that_fits_nowhere_is_not_started_and_the_service_says_why()
    {
        await SetUpAsync();
        await RegisterAsync("us-east-1a");
        var service = (await _ecs.OkAsync("CreateService", """
            {"cluster": "demo", "serviceName": "pinned", "taskDefinition": "web", "desiredCount": 1, "launchType": "EC2",
             "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1c"}]}
            """))["service"]!;
        var deployment = service["deployments"]![0]!["id"].Text();
        var actions = $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{deployment}}", "targetTaskCount": 1}""";

        var (_, first) = await new InternalClient(_factory).ServiceActionsAsync(actions);
        await new InternalClient(_factory).ServiceActionsAsync(actions);
        var events = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["pinned"]}"""))["services"]![0]!["events"]!.AsArray();

        Assert.Empty(first!["started"]!.AsArray());
        Assert.Equal("MemberOf placement constraint unsatisfied.", first["unplaced"].Text());
        Assert.Matches("^\\(service pinned\\) was unable to place a task because no container instance met all of its requirements\\. " +
                       "The closest matching \\(container-instance [0-9a-f]{32}\\) encountered error \"MemberOf placement constraint unsatisfied\\.\"",
            events.Single()!["message"].Text());
    }

    [Fact]
    public async Task Placement_that_cannot_work_is_refused()
    {
        await SetUpAsync();
        await _ecs.ExpectErrorAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "placementStrategy": [{"type": "binpack"}]}""",
            "InvalidParameterException", "binpack");
        await _ecs.ExpectErrorAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "placementConstraints": [{"type": "memberOf"}]}""",
            "InvalidParameterException", "memberOf");
        await _ecs.ExpectErrorAsync("CreateService", """
            {"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "placementStrategy": [{"type": "pack"}]}
            """, "InvalidParameterException", "not a placement strategy");
    }

    private async Task SetUpAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
    }

    private async Task<string> RegisterAsync(string zone, int memory = 2048) =>
        (await _ecs.OkAsync("RegisterContainerInstance", $$"""
            {"cluster": "demo", "attributes": [{"name": "ecs.availability-zone", "value": "{{zone}}"}],
             "totalResources": [{"name": "MEMORY", "integerValue": {{memory}} }]}
            """))["containerInstance"]!["containerInstanceArn"].Text();

    private Task<JsonNode> RunAsync(string? constraint = null, string? strategy = null, int count = 1, string group = "web") =>
        _ecs.OkAsync("RunTask", $$"""
            {"cluster": "demo", "taskDefinition": "web", "count": {{count}}, "group": "{{group}}", "launchType": "EC2",
             "placementConstraints": [{{constraint}}], "placementStrategy": [{{strategy}}]}
            """);
}
