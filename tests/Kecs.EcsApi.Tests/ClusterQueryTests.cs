namespace Kecs.EcsApi.Tests;

/// <summary>
/// The cluster query language over HTTP, in ListContainerInstances filters and memberOf constraints: every subject the
/// documentation gives, its operators, compound expressions, and the expressions it refuses. Instance a (i-0aaa, m5.large,
/// agent 1.0.0, attribute stack) runs one task of group <c>family:web</c>; instance b (i-0bbb, t3.micro, agent 1.20.1) none.
/// </summary>
public sealed class ClusterQueryTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ClusterQueryTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("ec2InstanceId == i-0aaa", "a")]
    [InlineData("ec2InstanceId in ['i-0aaa', 'i-0bbb']", "ab")]
    [InlineData("ec2InstanceId !in [i-0aaa]", "b")]
    [InlineData("ec2InstanceType =~ m5.*", "a")]
    [InlineData("ec2InstanceType not_matches m5.*", "b")]
    [InlineData("agentConnected == true", "ab")]
    [InlineData("agentVersion < 1.14.5", "a")]
    [InlineData("agentVersion greater_than_equal 1.14.5", "b")]
    [InlineData("registeredAt >= 2018-06-18", "ab")]
    [InlineData("registeredAt < 2018-06-18T22:28:28Z", "")]
    [InlineData("runningTasksCount == 1", "a")]
    [InlineData("runningTasksCount < 1", "b")]
    [InlineData("task:group == family:web", "a")]
    [InlineData("not(task:group == family:web)", "b")]
    [InlineData("attribute:stack !exists", "b")]
    [InlineData("attribute:stack != prod", "b")]
    [InlineData("(ec2InstanceId == i-0bbb || attribute:stack exists) && !(agentVersion > 1.10)", "a")]
    [InlineData("runningTasksCount == 0 or attribute:stack == prod and ec2InstanceType == m5.large", "ab")]
    public async Task ListContainerInstances_filters_on_every_subject_of_the_language(string filter, string expected)
    {
        var instances = await SetUpAsync();

        var listed = (await _ecs.OkAsync("ListContainerInstances", $$"""{"cluster": "demo", "filter": "{{filter}}"}"""))["containerInstanceArns"]!.AsArray()
            .Select(arn => instances[arn.Text()]);

        Assert.Equal(expected, string.Concat(listed.Order()));
    }

    [Fact]
    public async Task MemberOf_places_a_task_by_instance_id_and_beside_the_tasks_of_a_group()
    {
        var instances = await SetUpAsync();

        var byId = await RunAsync("ec2InstanceId == i-0bbb", "pinned");
        var beside = await RunAsync("task:group == family:web", "web");

        Assert.Equal("b", instances[byId["containerInstanceArn"].Text()]);
        Assert.Equal("a", instances[beside["containerInstanceArn"].Text()]);
    }

    [Theory]
    [InlineData("ec2InstanceId > i-0aaa", "> is not an operator of ec2InstanceId; its operators are ==, !=, in, !in, =~, !~")]
    [InlineData("runningTasksCount == many", "runningTasksCount is a whole number")]
    [InlineData("registeredAt < yesterday", "registeredAt is compared with a date or time")]
    [InlineData("agentConnected == maybe", "agentConnected is true or false")]
    [InlineData("colour == red", "'colour' is not a subject")]
    [InlineData("attribute:stack in prod", "in takes a list of arguments")]
    [InlineData("(attribute:stack exists", "a parenthesis is not closed")]
    [InlineData("attribute:stack =~ 'a(b'", "'a(b' is not a pattern")]
    [InlineData("attribute:stack ==", "it ends where an argument for attribute:stack == was expected")]
    [InlineData("attribute:stack exists prod", "'prod' was not expected there")]
    [InlineData("attribute:stack = prod", "the character '=' has no meaning there")]
    public async Task An_expression_outside_the_language_is_refused_saying_why(string filter, string reason)
    {
        await _ecs.ClusterAsync();
        var request = $$"""{"cluster": "demo", "filter": "{{filter}}"}""";

        await _ecs.ExpectErrorAsync("ListContainerInstances", request, "InvalidParameterException", $"Invalid cluster query expression '{filter}': {reason}");
        await _ecs.ExpectErrorAsync("RunTask", $$"""{"cluster": "demo", "taskDefinition": "web", "placementConstraints": [{"type": "memberOf", "expression": "{{filter}}"}]}""",
            "InvalidParameterException", reason);
        await _ecs.ExpectErrorAsync("RegisterTaskDefinition", $$"""
            {"family": "pinned", "containerDefinitions": [{"name": "app", "image": "app:1", "memory": 128}],
             "placementConstraints": [{"type": "memberOf", "expression": "{{filter}}"}]}
            """, "InvalidParameterException", reason);
    }

    [Fact]
    public async Task An_expression_longer_than_2000_characters_is_refused()
    {
        await _ecs.ClusterAsync();
        var filter = string.Join(" or ", Enumerable.Repeat("attribute:stack exists", 100));

        await _ecs.ExpectErrorAsync("ListContainerInstances", $$"""{"cluster": "demo", "filter": "{{filter}}"}""",
            "InvalidParameterException", "at most 2000 characters");
    }

    /// <summary>The two instances, named a and b by ARN, with a RUNNING task of group family:web on a.</summary>
    private async Task<Dictionary<string, string>> SetUpAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var a = await RegisterInstanceAsync("i-0aaa", "m5.large", "1.0.0", """, "attributes": [{"name": "stack", "value": "prod"}]""");
        var b = await RegisterInstanceAsync("i-0bbb", "t3.micro", "1.20.1", "");
        var task = (await _ecs.OkAsync("StartTask", $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{a}}"]}"""))["tasks"]![0]!;
        await new InternalClient(_factory).ReportAsync($$"""{"tasks": [{"taskArn": "{{task["taskArn"].Text()}}", "lastStatus": "RUNNING"}]}""");
        return new Dictionary<string, string> { [a] = "a", [b] = "b" };
    }

    private async Task<string> RegisterInstanceAsync(string id, string type, string agentVersion, string extra) =>
        (await _ecs.OkAsync("RegisterContainerInstance", $$"""
            {"cluster": "demo", "instanceIdentityDocument": "{\"instanceId\": \"{{id}}\", \"instanceType\": \"{{type}}\"}",
             "versionInfo": {"agentVersion": "{{agentVersion}}"}{{extra}} }
            """))["containerInstance"]!["containerInstanceArn"].Text();

    private async Task<System.Text.Json.Nodes.JsonNode> RunAsync(string expression, string group) =>
        (await _ecs.OkAsync("RunTask", $$"""
            {"cluster": "demo", "taskDefinition": "web", "launchType": "EC2", "group": "{{group}}",
             "placementConstraints": [{"type": "memberOf", "expression": "{{expression}}"}]}
            """))["tasks"]![0]!;
}
