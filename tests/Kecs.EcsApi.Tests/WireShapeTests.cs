using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>Every response of a full flow, checked against botocore's ECS model.</summary>
public sealed class WireShapeTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly List<string> _violations = [];
    private readonly BotocoreEcsModel _model;

    public WireShapeTests()
    {
        _model = BotocoreEcsModel.LoadOrSkip();
        _ecs = _factory.CreateEcsClient();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task AFullFlow_MatchesTheModelShapes()
    {
        await Call("CreateCluster", """{"clusterName": "demo", "tags": [{"key": "env", "value": "dev"}], "settings": [{"name": "containerInsights", "value": "enabled"}]}""");
        await Call("DescribeClusters", """{"clusters": ["demo", "nosuch"], "include": ["TAGS", "SETTINGS", "STATISTICS", "CONFIGURATIONS", "ATTACHMENTS"]}""");
        await Call("ListClusters", """{"maxResults": 1}""");
        await Call("UpdateClusterSettings", """{"cluster": "demo", "settings": [{"name": "containerInsights", "value": "disabled"}]}""");
        await Call("PutClusterCapacityProviders", """{"cluster": "demo", "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy": []}""");
        await Call("RegisterTaskDefinition", EcsScenario.BridgeTaskDefinition);
        await Call("RegisterTaskDefinition", EcsScenario.FargateTaskDefinition);
        await Call("DescribeTaskDefinition", """{"taskDefinition": "web", "include": ["TAGS"]}""");
        await Call("ListTaskDefinitions", "{}");
        await Call("ListTaskDefinitionFamilies", "{}");
        await Call("CreateService", """{"cluster": "demo", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 1, "tags": [{"key": "a", "value": "b"}]}""");
        await Call("CreateService", $$"""{"cluster": "demo", "serviceName": "apisvc", "taskDefinition": "api", "desiredCount": 1, "launchType": "FARGATE", "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}}""");
        await Call("DescribeServices", """{"cluster": "demo", "services": ["websvc", "apisvc", "nosuch"], "include": ["TAGS"]}""");
        await Call("ListServices", """{"cluster": "demo"}""");
        var updated = await Call("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 0, "forceNewDeployment": true}""");
        var deployments = await Call("ListServiceDeployments", """{"cluster": "demo", "service": "websvc", "maxResults": 1}""");
        var described = await Call("DescribeServiceDeployments",
            $$"""{"serviceDeploymentArns": ["{{updated["service"]!["currentServiceDeployment"]}}", "{{deployments["serviceDeployments"]![0]!["serviceDeploymentArn"]}}x"]}""");
        await Call("DescribeServiceRevisions",
            $$"""{"serviceRevisionArns": ["{{described["serviceDeployments"]![0]!["targetServiceRevision"]!["arn"]}}"]}""");
        var run = await Call("RunTask", $$"""{"cluster": "demo", "taskDefinition": "api", "count": 2, "launchType": "FARGATE", "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}, "tags": [{"key": "t", "value": "1"}]}""");
        var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        await Call("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}", "0123456789abcdef0123456789abcdef"], "include": ["TAGS"]}""");
        await Call("ListTasks", """{"cluster": "demo"}""");
        await Call("StopTask", $$"""{"cluster": "demo", "task": "{{taskArn}}", "reason": "done"}""");
        await Call("TagResource", $$"""{"resourceArn": "{{taskArn}}", "tags": [{"key": "x", "value": "y"}]}""");
        await Call("ListTagsForResource", $$"""{"resourceArn": "{{taskArn}}"}""");
        await Call("UntagResource", $$"""{"resourceArn": "{{taskArn}}", "tagKeys": ["x"]}""");
        await Call("PutAccountSetting", """{"name": "containerInsights", "value": "enabled"}""");
        await Call("ListAccountSettings", """{"effectiveSettings": true}""");
        await Call("DeleteAccountSetting", """{"name": "containerInsights"}""");
        await Call("DescribeCapacityProviders", "{}");
        await Call("ListAttributes", """{"cluster": "demo", "targetType": "container-instance"}""");
        await Call("DeleteService", """{"cluster": "demo", "service": "websvc"}""");
        await Call("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");
        await Call("DeleteTaskDefinitions", """{"taskDefinitions": ["web:1", "web:5"]}""");

        Assert.Empty(_violations);
    }

    [Fact]
    public void TheCheck_CatchesWhatStrictSdksReject()
    {
        var response = JsonNode.Parse("""
            {"tasks": [{"cpu": 256, "createdAt": "2026-11-24T00:00:00Z", "lastStatus": "RUNNING", "colour": "blue"}], "failures": null}
            """)!;

        var violations = _model.Violations("DescribeTasks", response);

        Assert.Equal(4, violations.Count);
    }

    private async Task<JsonNode> Call(string operation, string request)
    {
        var response = await _ecs.OkAsync(operation, request);
        _violations.AddRange(_model.Violations(operation, response));
        return response;
    }
}
