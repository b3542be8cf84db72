using System.Net;
using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>UpdateTaskProtection and GetTaskProtection over HTTP, and EcsApi keeping protected tasks from the service scheduler.</summary>
public sealed class TaskProtectionTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public TaskProtectionTests()
    {
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_service_task_is_protected_for_two_hours_by_default_until_protection_is_turned_off()
    {
        var (taskArn, _) = await ServiceTaskAsync();
        var before = DateTimeOffset.UtcNow;

        var updated = await _ecs.OkAsync("UpdateTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"], "protectionEnabled": true}""");
        var read = await _ecs.OkAsync("GetTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn[^32..]}}"]}""");
        await _ecs.OkAsync("UpdateTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"], "protectionEnabled": false}""");
        var off = await _ecs.OkAsync("GetTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"]}""");

        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(updated["protectedTasks"]![0]!["expirationDate"]!.GetValue<double>() * 1000));
        Assert.InRange(expires - before, TimeSpan.FromMinutes(119.9), TimeSpan.FromMinutes(120.1));
        Assert.True(updated["protectedTasks"]![0]!["protectionEnabled"]!.GetValue<bool>());
        Assert.Equal(updated["protectedTasks"]!.ToJsonString(), read["protectedTasks"]!.ToJsonString());
        Assert.Equal($$"""[{"taskArn":"{{taskArn}}","protectionEnabled":false}]""", off["protectedTasks"]!.ToJsonString());
    }

    [Fact]
    public async Task ExpiresInMinutes_sets_the_expiration_date()
    {
        var (taskArn, _) = await ServiceTaskAsync();
        var before = DateTimeOffset.UtcNow;

        var updated = await _ecs.OkAsync("UpdateTaskProtection",
            $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"], "protectionEnabled": true, "expiresInMinutes": 2880}""");

        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)(updated["protectedTasks"]![0]!["expirationDate"]!.GetValue<double>() * 1000));
        Assert.InRange(expires - before, TimeSpan.FromHours(47.99), TimeSpan.FromHours(48.01));
    }

    [Fact]
    public async Task Standalone_and_missing_tasks_are_failures()
    {
        var (serviceTask, _) = await ServiceTaskAsync();
        var standalone = (await _ecs.RunTaskAsync())["taskArn"].Text();

        var response = await _ecs.OkAsync("UpdateTaskProtection",
            $$"""{"cluster": "demo", "tasks": ["{{serviceTask}}", "{{standalone}}", "0123456789abcdef0123456789abcdef"], "protectionEnabled": true}""");

        Assert.Single(response["protectedTasks"]!.AsArray());
        Assert.Equal("TASK_NOT_VALID", response["failures"]![0]!["reason"].Text());
        Assert.Equal(standalone, response["failures"]![0]!["arn"].Text());
        Assert.Equal("MISSING", response["failures"]![1]!["reason"].Text());
    }

    [Theory]
    [InlineData(""", "protectionEnabled": true, "expiresInMinutes": 0""", "expiresInMinutes must be between 1 and 2880")]
    [InlineData(""", "protectionEnabled": true, "expiresInMinutes": 2881""", "expiresInMinutes must be between 1 and 2880")]
    [InlineData("", "protectionEnabled")]
    public async Task Bad_updates_are_refused(string extra, string message)
    {
        var (taskArn, _) = await ServiceTaskAsync();

        await _ecs.ExpectErrorAsync("UpdateTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"]{{extra}}}""",
            "InvalidParameterException", message);
        await _ecs.ExpectErrorAsync("UpdateTaskProtection",
            $$"""{"cluster": "demo", "tasks": [{{string.Join(", ", Enumerable.Repeat($"\"{taskArn}\"", 11))}}], "protectionEnabled": true}""",
            "InvalidParameterException", "between 1 and 10");
        await _ecs.ExpectErrorAsync("GetTaskProtection", """{"cluster": "nosuch", "tasks": ["x"]}""", "ClusterNotFoundException", "Cluster not found");
    }

    [Fact]
    public async Task The_service_scheduler_cannot_stop_a_protected_task()
    {
        var (taskArn, service) = await ServiceTaskAsync();
        await _ecs.OkAsync("UpdateTaskProtection", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"], "protectionEnabled": true}""");

        var (status, result) = await _internal.ServiceActionsAsync($$"""
            {"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{service["deployments"]![0]!["id"].Text()}}",
             "stopTaskArns": ["{{taskArn}}"], "stopReason": "Service scaled in"}
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(result);
        var task = (await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"]}"""))["tasks"]![0]!;
        Assert.Equal("RUNNING", task["desiredStatus"].Text());
    }

    private async Task<(string TaskArn, JsonNode Service)> ServiceTaskAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 1);
        var (_, started) = await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{service["deployments"]![0]!["id"].Text()}}", "targetTaskCount": 1}""");
        return (started!["started"]![0]!["task"]!["taskArn"].Text(), service);
    }
}
