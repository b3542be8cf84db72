using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// Blue/green service deployments' lifecycle stages and hooks over HTTP, with the Scheduler's part played through the
/// internal API and time moved by hand.
/// </summary>
public sealed class DeploymentLifecycleTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly EcsApiFactory _factory;
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public DeploymentLifecycleTests()
    {
        _factory = new EcsApiFactory(replaceServices: services => services.AddSingleton<TimeProvider>(_clock));
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_blue_green_deployment_passes_hookless_stages_and_waits_at_a_PAUSE_hook_until_continued()
    {
        var service = await BlueGreenServiceAsync("""[{"targetType": "PAUSE", "lifecycleStages": ["POST_SCALE_UP"]}]""", bakeMinutes: 0);

        var scalingUp = await DeploymentAsync(service);
        await StartGreenAsync(service, 1);
        await AdvanceAsync(service, "SCALE_UP");
        var paused = await DeploymentAsync(service);
        var hook = paused["lifecycleHookDetails"]![0]!;
        await _ecs.OkAsync("ContinueServiceDeployment",
            $$"""{"serviceDeploymentArn": "{{paused["serviceDeploymentArn"].Text()}}", "hookId": "{{hook["hookId"].Text()}}"}""");
        var cleaningUp = await DeploymentAsync(service);

        Assert.Equal("SCALE_UP", scalingUp["lifecycleStage"].Text());
        Assert.Equal("POST_SCALE_UP", paused["lifecycleStage"].Text());
        Assert.Equal(("PAUSE", "AWAITING_ACTION"), (hook["targetType"].Text(), hook["status"].Text()));
        Assert.Null(hook["expiresAt"]);
        Assert.Equal("CLEAN_UP", cleaningUp["lifecycleStage"].Text());
        Assert.Equal("SUCCEEDED", cleaningUp["lifecycleHookDetails"]![0]!["status"].Text());
        Assert.Equal("IN_PROGRESS", cleaningUp["status"].Text());
    }

    [Fact]
    public async Task SCALE_UP_waits_for_the_green_tasks_and_BAKE_TIME_for_its_minutes()
    {
        var service = await BlueGreenServiceAsync("[]", bakeMinutes: 10);

        await AdvanceAsync(service, "SCALE_UP");
        var withoutTasks = await DeploymentAsync(service);
        await StartGreenAsync(service, 1);
        await AdvanceAsync(service, "SCALE_UP");
        var baking = await DeploymentAsync(service);
        _clock.Advance(TimeSpan.FromMinutes(9));
        await AdvanceAsync(service, "BAKE_TIME");
        var stillBaking = await DeploymentAsync(service);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await AdvanceAsync(service, "BAKE_TIME");

        Assert.Equal("SCALE_UP", withoutTasks["lifecycleStage"].Text());
        Assert.Equal("BAKE_TIME", baking["lifecycleStage"].Text());
        Assert.Equal("BAKE_TIME", stillBaking["lifecycleStage"].Text());
        Assert.Equal("CLEAN_UP", (await DeploymentAsync(service))["lifecycleStage"].Text());
    }

    [Fact]
    public async Task A_hook_that_times_out_takes_its_timeout_action()
    {
        var service = await BlueGreenServiceAsync(
            """[{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"], "timeoutConfiguration": {"timeoutInMinutes": 5, "action": "CONTINUE"}}]""",
            bakeMinutes: 0);
        var waiting = await DeploymentAsync(service);

        _clock.Advance(TimeSpan.FromMinutes(5));
        await AdvanceAsync(service, "PRE_SCALE_UP");
        var after = await DeploymentAsync(service);

        Assert.Equal("PRE_SCALE_UP", waiting["lifecycleStage"].Text());
        Assert.Equal("CONTINUE", waiting["lifecycleHookDetails"]![0]!["timeoutAction"].Text());
        Assert.NotNull(waiting["lifecycleHookDetails"]![0]!["expiresAt"]);
        Assert.Equal("SCALE_UP", after["lifecycleStage"].Text());
        Assert.Equal("TIMED_OUT", after["lifecycleHookDetails"]![0]!["status"].Text());
    }

    [Fact]
    public async Task Continuing_with_ROLLBACK_rolls_back_to_the_last_completed_revision()
    {
        var service = await BlueGreenServiceAsync("""[{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"]}]""", bakeMinutes: 0);
        await CompleteAsync(service);
        await _ecs.RegisterAsync(EcsScenario.BridgeTaskDefinition.Replace("nginx:1.25", "nginx:1.27"));
        await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}""");
        var paused = await DeploymentAsync(service);

        await _ecs.OkAsync("ContinueServiceDeployment", $$"""
            {"serviceDeploymentArn": "{{paused["serviceDeploymentArn"].Text()}}", "hookId": "{{paused["lifecycleHookDetails"]![0]!["hookId"].Text()}}",
             "action": "ROLLBACK"}
            """);
        var rolledBack = await DeploymentAsync(service);
        var described = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;

        Assert.Equal("ROLLBACK_IN_PROGRESS", rolledBack["status"].Text());
        Assert.Equal("FAILED", rolledBack["lifecycleHookDetails"]![0]!["status"].Text());
        Assert.EndsWith("web:1", described["taskDefinition"].Text());
    }

    [Fact]
    public async Task Bad_hooks_and_unknown_hook_ids_are_refused()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();

        await ExpectConfigurationRefusedAsync("""{"lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"]}]}""", "BLUE_GREEN, LINEAR or CANARY");
        await ExpectConfigurationRefusedAsync("""{"strategy": "BLUE_GREEN", "lifecycleHooks": [{"lifecycleStages": ["PRE_SCALE_UP"]}]}""", "hookTargetArn");
        await ExpectConfigurationRefusedAsync("""{"strategy": "BLUE_GREEN", "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["SCALE_UP"]}]}""", "SCALE_UP");
        await ExpectConfigurationRefusedAsync(
            """{"strategy": "BLUE_GREEN", "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"], "timeoutConfiguration": {"timeoutInMinutes": 20161}}]}""",
            "timeoutInMinutes");
        var service = await BlueGreenServiceAsync("""[{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"]}]""", bakeMinutes: 0, setUp: false);
        var arn = (await DeploymentAsync(service))["serviceDeploymentArn"].Text();
        await _ecs.ExpectErrorAsync("ContinueServiceDeployment", $$"""{"serviceDeploymentArn": "{{arn}}", "hookId": "nosuch"}""",
            "InvalidParameterException", "No lifecycle hook nosuch is waiting");
        await _ecs.ExpectErrorAsync("ContinueServiceDeployment", $$"""{"serviceDeploymentArn": "{{arn}}x", "hookId": "h"}""",
            "ServiceDeploymentNotFoundException", "does not exist");
    }

    private async Task<JsonNode> BlueGreenServiceAsync(string hooks, int bakeMinutes, bool setUp = true)
    {
        if (setUp)
        {
            await _ecs.ClusterAsync();
            await _ecs.RegisterAsync();
        }

        return await _ecs.ServiceAsync(desiredCount: 1, extra: $$"""
            , "deploymentConfiguration": {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": {{bakeMinutes}}, "lifecycleHooks": {{hooks}} }
            """);
    }

    private async Task ExpectConfigurationRefusedAsync(string configuration, string message) =>
        await _ecs.ExpectErrorAsync("CreateService",
            $$"""{"cluster": "demo", "serviceName": "bad", "taskDefinition": "web", "desiredCount": 1, "deploymentConfiguration": {{configuration}} }""",
            "InvalidParameterException", message);

    private async Task<JsonNode> DeploymentAsync(JsonNode service)
    {
        var current = (await _ecs.OkAsync("DescribeServices", $$"""{"cluster": "demo", "services": ["{{service["serviceArn"].Text()}}"]}"""))
            ["services"]![0]!["currentServiceDeployment"].Text();
        return (await _ecs.OkAsync("DescribeServiceDeployments", $$"""{"serviceDeploymentArns": ["{{current}}"]}"""))["serviceDeployments"]![0]!;
    }

    private async Task<string> PrimaryAsync(JsonNode service) =>
        (await _ecs.OkAsync("DescribeServices", $$"""{"cluster": "demo", "services": ["{{service["serviceArn"].Text()}}"]}"""))
        ["services"]![0]!["deployments"]![0]!["id"].Text();

    /// <summary>Starts the PRIMARY deployment's tasks and reports them RUNNING, as the Scheduler would.</summary>
    private async Task StartGreenAsync(JsonNode service, int count)
    {
        var (_, started) = await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{await PrimaryAsync(service)}}", "targetTaskCount": {{count}} }""");
        foreach (var task in started!["started"]!.AsArray())
        {
            await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{task!["arn"].Text()}}", "lastStatus": "RUNNING"}]}""");
        }
    }

    private async Task AdvanceAsync(JsonNode service, string stage) =>
        await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{await PrimaryAsync(service)}}", "advanceStageFrom": "{{stage}}"}""");

    /// <summary>Takes the first deployment through its stages to COMPLETED, continuing any hook on the way.</summary>
    private async Task CompleteAsync(JsonNode service)
    {
        var first = await DeploymentAsync(service);
        foreach (var hook in first["lifecycleHookDetails"]!.AsArray())
        {
            await _ecs.OkAsync("ContinueServiceDeployment",
                $$"""{"serviceDeploymentArn": "{{first["serviceDeploymentArn"].Text()}}", "hookId": "{{hook!["hookId"].Text()}}"}""");
        }

        await StartGreenAsync(service, 1);
        await AdvanceAsync(service, "SCALE_UP");
        await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{await PrimaryAsync(service)}}", "completeDeploymentId": "{{await PrimaryAsync(service)}}"}""");
    }
}
