using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>What an external container agent calls: the poll endpoint, and state changes of the tasks on its instance.</summary>
public sealed class AgentOperationTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public AgentOperationTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task DiscoverPollEndpoint_answers_the_address_Kecs_was_reached_at()
    {
        var direct = await _ecs.OkAsync("DiscoverPollEndpoint", """{"cluster": "demo"}""");
        var viaGateway = await _ecs.SendAsync(EcsClient.TargetPrefix + "DiscoverPollEndpoint", "{}",
            headers: new Dictionary<string, string> { ["X-Forwarded-Proto"] = "http", ["X-Forwarded-Host"] = "localhost:5373" });

        Assert.Equal(_ecs.Http.BaseAddress!.GetLeftPart(UriPartial.Authority), direct["endpoint"].Text());
        Assert.Equal(direct["endpoint"].Text(), direct["telemetryEndpoint"].Text());
        Assert.Equal("http://localhost:5373", viaGateway.Json["endpoint"].Text());
    }

    [Fact]
    public async Task An_agent_drives_the_lifecycle_of_a_task_on_its_instance()
    {
        var task = await TaskOnRegisteredInstanceAsync();
        var arn = task["taskArn"].Text();

        await _ecs.OkAsync("SubmitContainerStateChange", $$"""{"cluster": "demo", "task": "{{arn}}", "containerName": "nginx", "status": "RUNNING", "runtimeId": "c-1"}""");
        var running = await _ecs.OkAsync("SubmitTaskStateChange", $$"""{"cluster": "demo", "task": "{{arn}}", "status": "RUNNING"}""");
        var afterRunning = await DescribeAsync(arn);
        await _ecs.OkAsync("SubmitTaskStateChange", $$"""
            {"cluster": "demo", "task": "{{arn}}", "status": "STOPPED", "reason": "Essential container in task exited",
             "containers": [{"containerName": "nginx", "status": "STOPPED", "exitCode": 2}]}
            """);
        var stopped = await DescribeAsync(arn);

        Assert.Equal("ACK", running["acknowledgment"].Text());
        Assert.Equal(("RUNNING", "c-1"), (afterRunning["lastStatus"].Text(), afterRunning["containers"]![0]!["runtimeId"].Text()));
        Assert.NotNull(afterRunning["startedAt"]);
        Assert.Equal(("STOPPED", "STOPPED"), (stopped["lastStatus"].Text(), stopped["desiredStatus"].Text()));
        Assert.Equal(("EssentialContainerExited", 2), (stopped["stopCode"].Text(), stopped["containers"]![0]!["exitCode"]!.GetValue<int>()));
    }

    [Fact]
    public async Task State_changes_for_tasks_Kecs_runs_itself_are_refused()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var task = await _ecs.RunTaskAsync();

        await _ecs.ExpectErrorAsync("SubmitTaskStateChange", $$"""{"cluster": "demo", "task": "{{task["taskArn"].Text()}}", "status": "RUNNING"}""",
            "ClientException", "only tasks on registered container instances");
        await _ecs.ExpectErrorAsync("SubmitTaskStateChange", """{"cluster": "demo", "task": "0123456789abcdef0123456789abcdef", "status": "RUNNING"}""",
            "InvalidParameterException", "was not found");
    }

    [Fact]
    public async Task Bad_state_changes_are_refused()
    {
        var arn = (await TaskOnRegisteredInstanceAsync())["taskArn"].Text();

        await _ecs.ExpectErrorAsync("SubmitTaskStateChange", $$"""{"cluster": "demo", "task": "{{arn}}", "status": "DANCING"}""",
            "InvalidParameterException", "DANCING");
        await _ecs.ExpectErrorAsync("SubmitContainerStateChange", $$"""{"cluster": "demo", "task": "{{arn}}", "containerName": "nosuch", "status": "RUNNING"}""",
            "InvalidParameterException", "no container named nosuch");
    }

    private async Task<JsonNode> TaskOnRegisteredInstanceAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var instance = (await _ecs.OkAsync("RegisterContainerInstance", """{"cluster": "demo"}"""))["containerInstance"]!;
        return (await _ecs.OkAsync("StartTask",
            $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{instance["containerInstanceArn"].Text()}}"]}"""))["tasks"]![0]!;
    }

    private async Task<JsonNode> DescribeAsync(string arn) =>
        (await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{arn}}"]}"""))["tasks"]![0]!;
}
