using System.Text.Json.Nodes;
using Xunit;

namespace Kecs.Testing;

/// <summary>Common set-up calls: a cluster, a registered task definition, a service, a task.</summary>
public static class EcsScenario
{
    public const string BridgeTaskDefinition = """
        {"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 256,
          "portMappings": [{"containerPort": 80, "hostPort": 8080}]}], "tags": [{"key": "team", "value": "core"}]}
        """;

    public const string FargateTaskDefinition = """
        {"family": "api", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
         "containerDefinitions": [{"name": "app", "image": "public.ecr.aws/app:1", "portMappings": [{"containerPort": 8080}]}]}
        """;

    public const string AwsvpcNetwork = """{"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}}""";

    public static async Task<JsonNode> ClusterAsync(this EcsClient ecs, string name = "demo") =>
        (await ecs.OkAsync("CreateCluster", $$"""{"clusterName": "{{name}}"}"""))["cluster"]!;

    public static async Task<JsonNode> RegisterAsync(this EcsClient ecs, string json = BridgeTaskDefinition) =>
        (await ecs.OkAsync("RegisterTaskDefinition", json))["taskDefinition"]!;

    public static async Task<JsonNode> ServiceAsync(this EcsClient ecs, string name = "websvc", int desiredCount = 2, string extra = "") =>
        (await ecs.OkAsync("CreateService",
            $$"""{"cluster": "demo", "serviceName": "{{name}}", "taskDefinition": "web", "desiredCount": {{desiredCount}}{{extra}}}"""))["service"]!;

    public static async Task<JsonNode> RunTaskAsync(this EcsClient ecs, string extra = "") =>
        (await ecs.OkAsync("RunTask", $$"""{"cluster": "demo", "taskDefinition": "web"{{extra}}}"""))["tasks"]![0]!;

    public static string Text(this JsonNode? node) => node!.GetValue<string>();

    public static async Task ExpectErrorAsync(this EcsClient ecs, string operation, string json, string errorType, string messagePart)
    {
        var response = await ecs.CallAsync(operation, json);
        Assert.True(response.Status == 400, $"{operation} answered {response.Status}: {response.Text}");
        Assert.Equal(errorType, response.ErrorType);
        Assert.Contains(messagePart, response.Message);
    }
}
