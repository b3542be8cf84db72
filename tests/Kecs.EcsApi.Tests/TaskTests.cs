using System.Text.Json.Nodes;
using Kecs.EcsApi.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.EcsApi.Tests;

public sealed class TaskTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new(settings: new() { ["Ecs:StoppedTaskRetention"] = "00:00:00" });
    private readonly EcsClient _ecs;

    public TaskTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task SetUpAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);
    }

    [Fact]
    public async Task RunTask_StartsTasksAsEcsShowsThem()
    {
        await SetUpAsync();

        var response = await _ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "count": 2, "startedBy": "me"}""");

        var tasks = response["tasks"]!.AsArray();
        Assert.Equal(2, tasks.Count);
        Assert.Empty(response["failures"]!.AsArray());
        var task = tasks[0]!;
        Assert.Matches("^arn:aws:ecs:us-east-1:123456789012:task/demo/[0-9a-f]{32}$", task["taskArn"].Text());
        Assert.Equal("RUNNING", task["desiredStatus"].Text());
        Assert.Equal("PENDING", task["lastStatus"].Text());
        Assert.Equal("family:web", task["group"].Text());
        Assert.Equal("me", task["startedBy"].Text());
        Assert.Equal(1, task["version"]!.GetValue<int>());
        Assert.Equal("""{"containerOverrides":[{"name":"nginx"}],"inferenceAcceleratorOverrides":[]}""", task["overrides"]!.ToJsonString());
        var container = task["containers"]![0]!;
        Assert.Equal("256", container["memory"].Text());
        Assert.Equal("PENDING", container["lastStatus"].Text());
        Assert.Null(container["exitCode"]);
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:container/demo/", container["containerArn"].Text());
    }

    [Fact]
    public async Task RunTask_OnFargate_IsProvisioningWithAnEni_AndStringSizes()
    {
        await SetUpAsync();

        var task = (await _ecs.OkAsync("RunTask", $$$"""
            {"cluster": "demo", "taskDefinition": "api", "launchType": "FARGATE", "networkConfiguration": {{{EcsScenario.AwsvpcNetwork}}},
             "overrides": {"cpu": "512", "memory": "1024", "containerOverrides": [{"name": "app", "command": ["serve"]}]}}
            """))["tasks"]![0]!;

        Assert.Equal("PROVISIONING", task["lastStatus"].Text());
        Assert.Equal("512", task["cpu"].Text());
        Assert.Equal("1024", task["memory"].Text());
        Assert.Equal("FARGATE", task["launchType"].Text());
        Assert.Equal("ElasticNetworkInterface", task["attachments"]![0]!["type"].Text());
        Assert.Equal("""[{"name":"app","command":["serve"]}]""", task["overrides"]!["containerOverrides"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"cluster": "demo", "taskDefinition": "web", "count": 11}""", "InvalidParameterException", "count must be between 1 and 10")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "web", "count": 0}""", "InvalidParameterException", "count must be between 1 and 10")]
    [InlineData("""{"cluster": "nosuch", "taskDefinition": "web"}""", "ClusterNotFoundException", "Cluster not found.")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "nosuch"}""", "ClientException", "Unable to describe task definition.")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "api", "launchType": "FARGATE"}""", "InvalidParameterException", "Network Configuration must be provided")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "web", "launchType": "FARGATE"}""", "InvalidParameterException", "does not support launch_type FARGATE")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "web", "propagateTags": "SERVICE"}""", "InvalidParameterException", "propagateTags SERVICE")]
    [InlineData("""{"cluster": "demo", "taskDefinition": "web", "overrides": {"containerOverrides": [{"name": "ghost"}]}}""", "InvalidParameterException", "ghost is not a container")]
    public async Task RunTask_RejectsInvalidRequests(string request, string errorType, string message)
    {
        await SetUpAsync();

        await _ecs.ExpectErrorAsync("RunTask", request, errorType, message);
    }

    [Fact]
    public async Task RunTask_ClientToken_ReplaysTheSameTasks_AndConflictsOnOtherParameters()
    {
        await SetUpAsync();

        var first = await _ecs.RunTaskAsync(""", "clientToken": "abc" """);
        var replay = await _ecs.RunTaskAsync(""", "clientToken": "abc" """);
        var conflict = await _ecs.CallAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "count": 2, "clientToken": "abc"}""");

        Assert.Equal(first["taskArn"].Text(), replay["taskArn"].Text());
        Assert.Equal(400, conflict.Status);
        Assert.Equal("ConflictException", conflict.ErrorType);
        Assert.Equal(first["taskArn"].Text(), conflict.Json["resourceIds"]![0].Text());
        Assert.Single((await _ecs.OkAsync("ListTasks", """{"cluster": "demo"}"""))["taskArns"]!.AsArray());
    }

    [Fact]
    public async Task RunTask_PropagatesTaskDefinitionTags()
    {
        await SetUpAsync();

        var task = await _ecs.RunTaskAsync(""", "propagateTags": "TASK_DEFINITION", "tags": [{"key": "own", "value": "1"}]""");
        var described = await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{task["taskArn"].Text()}}"], "include": ["TAGS"]}""");

        Assert.Equal("""[{"key":"team","value":"core"},{"key":"own","value":"1"}]""", described["tasks"]![0]!["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task DescribeTasks_ByIdOrArn_WithMissingOnesAsFailures()
    {
        await SetUpAsync();
        var task = await _ecs.RunTaskAsync();
        var id = task["taskArn"].Text()[^32..];

        var response = await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{id}}", "0123456789abcdef0123456789abcdef"]}""");

        Assert.Equal(task["taskArn"].Text(), response["tasks"]![0]!["taskArn"].Text());
        Assert.Null(response["tasks"]![0]!["tags"]);
        Assert.Equal("""[{"arn":"arn:aws:ecs:us-east-1:123456789012:task/demo/0123456789abcdef0123456789abcdef","reason":"MISSING"}]""",
            response["failures"]!.ToJsonString());
        await _ecs.ExpectErrorAsync("DescribeTasks", """{"cluster": "demo", "tasks": []}""", "InvalidParameterException", "Tasks cannot be empty.");
    }

    [Fact]
    public async Task StopTask_KeepsTheCallersReason_AndIsIdempotent()
    {
        await SetUpAsync();
        var task = await _ecs.RunTaskAsync();

        var stopped = (await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{task["taskArn"].Text()}}", "reason": "deploy 42 done"}"""))["task"]!;
        var again = (await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{task["taskArn"].Text()}}", "reason": "other"}"""))["task"]!;

        Assert.Equal("STOPPED", stopped["desiredStatus"].Text());
        Assert.Equal("UserInitiated", stopped["stopCode"].Text());
        Assert.Equal("deploy 42 done", stopped["stoppedReason"].Text());
        Assert.Equal(2, stopped["version"]!.GetValue<int>());
        Assert.Equal("deploy 42 done", again["stoppedReason"].Text());
        Assert.Equal(2, again["version"]!.GetValue<int>());
        await _ecs.ExpectErrorAsync("StopTask", """{"cluster": "demo", "task": "0123456789abcdef0123456789abcdef"}""",
            "InvalidParameterException", "The referenced task was not found.");
    }

    [Fact]
    public async Task ListTasks_DefaultsToDesiredRunning_AndFilters()
    {
        await SetUpAsync();
        await _ecs.ServiceAsync(desiredCount: 0);
        var web = await _ecs.RunTaskAsync(""", "startedBy": "ci" """);
        var api = await _ecs.RunTaskAsync($$""", "taskDefinition": "api", "launchType": "FARGATE", "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}""");
        var stopped = await _ecs.RunTaskAsync();
        await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{stopped["taskArn"].Text()}}"}""");

        Assert.Equal(2, (await List("{}")).Length);
        Assert.Equal([stopped["taskArn"].Text()], await List("""{"desiredStatus": "STOPPED"}"""));
        Assert.Equal([api["taskArn"].Text()], await List("""{"family": "api"}"""));
        Assert.Equal([api["taskArn"].Text()], await List("""{"launchType": "FARGATE"}"""));
        Assert.Equal([web["taskArn"].Text()], await List("""{"startedBy": "ci"}"""));
        Assert.Empty(await List("""{"serviceName": "websvc"}"""));
        Assert.Empty(await List("""{"desiredStatus": "PENDING"}"""));
        await _ecs.ExpectErrorAsync("ListTasks", """{"cluster": "demo", "serviceName": "nosuch"}""", "ServiceNotFoundException", "Service not found.");
        await _ecs.ExpectErrorAsync("ListTasks", """{"cluster": "nosuch"}""", "ClusterNotFoundException", "Cluster not found.");
    }

    [Fact]
    public async Task ListTasks_Pages()
    {
        await SetUpAsync();
        await _ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "count": 5}""");

        var first = await _ecs.OkAsync("ListTasks", """{"cluster": "demo", "maxResults": 3}""");
        var second = await _ecs.OkAsync("ListTasks", $$"""{"cluster": "demo", "maxResults": 3, "nextToken": "{{first["nextToken"].Text()}}"}""");

        Assert.Equal(3, first["taskArns"]!.AsArray().Count);
        Assert.Equal(2, second["taskArns"]!.AsArray().Count);
        Assert.Null(second["nextToken"]);
        Assert.Empty(first["taskArns"]!.AsArray().Select(a => a.Text()).Intersect(second["taskArns"]!.AsArray().Select(a => a.Text())));
    }

    [Fact]
    public async Task StartTask_OnAnInstanceThatIsNotRegistered_IsMissing()
    {
        await SetUpAsync();

        var response = await _ecs.OkAsync("StartTask", """{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["0123456789abcdef0123456789abcdef"]}""");

        Assert.Empty(response["tasks"]!.AsArray());
        Assert.Equal("MISSING", response["failures"]![0]!["reason"].Text());
    }

    [Fact]
    public async Task StoppedTasks_ArePurgedAfterTheRetention_NotBefore()
    {
        await SetUpAsync();
        var stopped = await _ecs.RunTaskAsync();
        var running = await _ecs.RunTaskAsync();
        var internalApi = new InternalClient(_factory);
        await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{stopped["taskArn"].Text()}}"}""");
        var janitor = _factory.Services.GetRequiredService<StoppedTaskJanitor>();

        Assert.Equal(0, await janitor.PurgeAsync(TestContext.Current.CancellationToken));
        await internalApi.ReportAsync($$"""{"tasks": [{"taskArn": "{{stopped["taskArn"].Text()}}", "lastStatus": "STOPPED", "stoppedAt": 1000}]}""");
        Assert.Equal(1, await janitor.PurgeAsync(TestContext.Current.CancellationToken));

        var described = await _ecs.OkAsync("DescribeTasks",
            $$"""{"cluster": "demo", "tasks": ["{{stopped["taskArn"].Text()}}", "{{running["taskArn"].Text()}}"]}""");
        Assert.Equal("MISSING", described["failures"]![0]!["reason"].Text());
        Assert.Single(described["tasks"]!.AsArray());
    }

    [Fact]
    public async Task DeletedTaskDefinitions_VanishOnceNothingUsesThem()
    {
        await SetUpAsync();
        await _ecs.RegisterAsync();
        await _ecs.RunTaskAsync(""", "taskDefinition": "web:2" """);
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:2"}""");
        await _ecs.OkAsync("DeleteTaskDefinitions", """{"taskDefinitions": ["web:1", "web:2"]}""");

        await _factory.Services.GetRequiredService<StoppedTaskJanitor>().PurgeAsync(TestContext.Current.CancellationToken);

        await _ecs.ExpectErrorAsync("DescribeTaskDefinition", """{"taskDefinition": "web:1"}""", "ClientException", "Unable to describe task definition.");
        var inUse = await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web:2"}""");
        Assert.Equal("DELETE_IN_PROGRESS", inUse["taskDefinition"]!["status"].Text());
    }

    private async Task<string[]> List(string filters)
    {
        var request = JsonNode.Parse(filters)!.AsObject();
        request["cluster"] = "demo";
        return (await _ecs.OkAsync("ListTasks", request.ToJsonString()))["taskArns"]!.AsArray().Select(a => a.Text()).ToArray();
    }
}
