using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>The task set operations over HTTP, for services whose deployments an external controller drives.</summary>
public sealed class TaskSetTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public TaskSetTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_external_service_starts_without_deployments_and_its_first_task_set_is_primary()
    {
        var service = await ExternalServiceAsync(desiredCount: 3);

        var first = await CreateTaskSetAsync("web:1", """, "externalId": "blue", "scale": {"value": 50, "unit": "PERCENT"}""");
        var second = await CreateTaskSetAsync("web:2", "");
        var described = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;

        Assert.Equal("[]", service["deployments"]!.ToJsonString());
        Assert.Equal("[]", service["taskSets"]!.ToJsonString());
        Assert.Matches(@"^arn:aws:ecs:us-east-1:123456789012:task-set/demo/websvc/ecs-svc/\d{19}$", first["taskSetArn"].Text());
        Assert.Equal(("PRIMARY", "ACTIVE"), (first["status"].Text(), second["status"].Text()));
        Assert.Equal("blue", first["externalId"].Text());
        Assert.Equal((2, 3), (first["computedDesiredCount"]!.GetValue<int>(), second["computedDesiredCount"]!.GetValue<int>()));
        Assert.Equal("""{"value":50,"unit":"PERCENT"}""", first["scale"]!.ToJsonString());
        Assert.Equal("STABILIZING", first["stabilityStatus"].Text());
        Assert.EndsWith("task-definition/web:1", described["taskDefinition"].Text());
        Assert.Equal(2, described["taskSets"]!.AsArray().Count);
    }

    [Fact]
    public async Task Primary_scale_and_deletion_follow_the_task_set_calls()
    {
        await ExternalServiceAsync(desiredCount: 4);
        var blue = await CreateTaskSetAsync("web:1", "");
        var green = await CreateTaskSetAsync("web:2", "");

        var promoted = (await _ecs.OkAsync("UpdateServicePrimaryTaskSet",
            $$"""{"cluster": "demo", "service": "websvc", "primaryTaskSet": "{{green["taskSetArn"].Text()}}"}"""))["taskSet"]!;
        var scaled = (await _ecs.OkAsync("UpdateTaskSet",
            $$$"""{"cluster": "demo", "service": "websvc", "taskSet": "{{{blue["id"].Text()}}}", "scale": {"value": 25, "unit": "PERCENT"}}"""))["taskSet"]!;
        await _ecs.ExpectErrorAsync("DeleteTaskSet", $$"""{"cluster": "demo", "service": "websvc", "taskSet": "{{blue["id"].Text()}}"}""",
            "InvalidParameterException", "scale it to 0");
        var deleted = (await _ecs.OkAsync("DeleteTaskSet",
            $$"""{"cluster": "demo", "service": "websvc", "taskSet": "{{blue["id"].Text()}}", "force": true}"""))["taskSet"]!;
        var sets = await _ecs.OkAsync("DescribeTaskSets",
            $$"""{"cluster": "demo", "service": "websvc", "taskSets": ["{{green["id"].Text()}}", "{{blue["taskSetArn"].Text()}}", "ecs-svc/1"]}""");
        var service = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;

        Assert.Equal("PRIMARY", promoted["status"].Text());
        Assert.EndsWith("task-definition/web:2", service["taskDefinition"].Text());
        Assert.Equal(1, scaled["computedDesiredCount"]!.GetValue<int>());
        Assert.Equal(("DRAINING", 0), (deleted["status"].Text(), deleted["computedDesiredCount"]!.GetValue<int>()));
        Assert.Equal(["PRIMARY", "DRAINING"], sets["taskSets"]!.AsArray().Select(s => s!["status"].Text()));
        Assert.Equal("MISSING", sets["failures"]![0]!["reason"].Text());
        await _ecs.ExpectErrorAsync("UpdateServicePrimaryTaskSet",
            $$"""{"cluster": "demo", "service": "websvc", "primaryTaskSet": "{{blue["id"].Text()}}"}""", "InvalidParameterException", "DRAINING");
    }

    [Fact]
    public async Task A_code_deploy_service_starts_with_a_primary_task_set_of_its_task_definition()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();

        var service = await _ecs.ServiceAsync(desiredCount: 2, extra: """, "deploymentController": {"type": "CODE_DEPLOY"}""");

        var taskSet = service["taskSets"]![0]!;
        Assert.Equal("PRIMARY", taskSet["status"].Text());
        Assert.Equal(service["taskDefinition"].Text(), taskSet["taskDefinition"].Text());
        Assert.Equal(2, taskSet["computedDesiredCount"]!.GetValue<int>());
        Assert.Equal("[]", service["deployments"]!.ToJsonString());
    }

    [Fact]
    public async Task Task_sets_are_refused_for_services_the_ECS_controller_deploys_and_for_bad_input()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.ServiceAsync(desiredCount: 1);
        await _ecs.OkAsync("CreateService", """{"cluster": "demo", "serviceName": "ext", "desiredCount": 1, "deploymentController": {"type": "EXTERNAL"}}""");

        await _ecs.ExpectErrorAsync("CreateTaskSet", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web"}""",
            "InvalidParameterException", "EXTERNAL or CODE_DEPLOY");
        await _ecs.ExpectErrorAsync("CreateTaskSet", """{"cluster": "demo", "service": "nosuch", "taskDefinition": "web"}""",
            "ServiceNotFoundException", "Service not found");
        await _ecs.ExpectErrorAsync("CreateTaskSet", """{"cluster": "demo", "service": "ext", "taskDefinition": "web", "scale": {"value": 150, "unit": "PERCENT"}}""",
            "InvalidParameterException", "between 0 and 100");
        await _ecs.ExpectErrorAsync("UpdateTaskSet", """{"cluster": "demo", "service": "ext", "taskSet": "ecs-svc/1", "scale": {"value": 10}}""",
            "TaskSetNotFoundException", "ecs-svc/1");
        await _ecs.ExpectErrorAsync("CreateTaskSet", """{"cluster": "demo", "service": "ext", "taskDefinition": "nosuch"}""",
            "ClientException", "Unable to describe task definition");
        await _ecs.ExpectErrorAsync("UpdateService", """{"cluster": "demo", "service": "ext", "taskDefinition": "web"}""",
            "InvalidParameterException", "EXTERNAL deployment controller");
    }

    private async Task<JsonNode> ExternalServiceAsync(int desiredCount)
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync(EcsScenario.BridgeTaskDefinition.Replace("nginx:1.25", "nginx:1.27"));
        return (await _ecs.OkAsync("CreateService",
            $$"""{"cluster": "demo", "serviceName": "websvc", "desiredCount": {{desiredCount}}, "deploymentController": {"type": "EXTERNAL"} }"""))["service"]!;
    }

    private async Task<JsonNode> CreateTaskSetAsync(string taskDefinition, string extra) =>
        (await _ecs.OkAsync("CreateTaskSet", $$"""{"cluster": "demo", "service": "websvc", "taskDefinition": "{{taskDefinition}}" """ + extra + "}"))["taskSet"]!;
}
