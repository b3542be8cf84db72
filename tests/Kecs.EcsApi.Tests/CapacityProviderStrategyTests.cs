namespace Kecs.EcsApi.Tests;

/// <summary>
/// Capacity provider strategies checked as ECS checks them in every operation that takes one, and a cluster's provider
/// that a task still uses kept from being disassociated.
/// </summary>
public sealed class CapacityProviderStrategyTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public CapacityProviderStrategyTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData("""[{"capacityProvider": "FARGATE"}, {"capacityProvider": "FARGATE_SPOT", "weight": 0}]""",
        "At least one capacity provider in a capacity provider strategy must have a weight greater than zero.")]
    [InlineData("""[{"capacityProvider": "FARGATE", "weight": 1, "base": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 2}]""",
        "Only one capacity provider in a capacity provider strategy can have a base defined.")]
    [InlineData("""[{"capacityProvider": "FARGATE", "weight": 1001}]""", "a capacity provider strategy weight must be between 0 and 1,000")]
    [InlineData("""[{"capacityProvider": "FARGATE", "weight": 1, "base": 100001}]""", "a capacity provider strategy base must be between 0 and 100,000")]
    public async Task A_strategy_ECS_refuses_is_refused_wherever_it_is_given(string strategy, string message)
    {
        await ClusterWithFargateServiceAsync(["FARGATE", "FARGATE_SPOT"]);

        foreach (var (operation, request) in Requests(strategy, ["FARGATE", "FARGATE_SPOT"]))
        {
            await _ecs.ExpectErrorAsync(operation, request, "InvalidParameterException", message);
        }
    }

    [Fact]
    public async Task A_strategy_naming_FARGATE_SPOT_is_refused_while_the_cluster_has_only_FARGATE()
    {
        await ClusterWithFargateServiceAsync(["FARGATE"]);

        foreach (var (operation, request) in Requests("""[{"capacityProvider": "FARGATE_SPOT", "weight": 1}]""", ["FARGATE"]))
        {
            await _ecs.ExpectErrorAsync(operation, request, "InvalidParameterException",
                "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster.");
        }
    }

    [Fact]
    public async Task Several_providers_with_one_weighted_and_one_base_are_accepted()
    {
        await ClusterWithFargateServiceAsync(["FARGATE", "FARGATE_SPOT"]);
        const string strategy = """[{"capacityProvider": "FARGATE", "base": 2}, {"capacityProvider": "FARGATE_SPOT", "weight": 1000}]""";

        foreach (var (operation, request) in Requests(strategy, ["FARGATE", "FARGATE_SPOT"]))
        {
            await _ecs.OkAsync(operation, request);
        }
    }

    [Fact]
    public async Task A_provider_a_running_task_uses_stays_associated_until_the_task_has_stopped()
    {
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "demo", "capacityProviders": ["FARGATE"]}""");
        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);
        var task = (await _ecs.OkAsync("RunTask", $$"""
            {"cluster": "demo", "taskDefinition": "api", "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}, "capacityProviderStrategy": [{"capacityProvider": "FARGATE"}]}
            """))["tasks"]![0]!;
        var report = new InternalClient(_factory);
        await report.ReportAsync($$"""{"tasks": [{"taskArn": "{{task["taskArn"].Text()}}", "lastStatus": "RUNNING"}]}""");
        const string disassociate = """{"cluster": "demo", "capacityProviders": [], "defaultCapacityProviderStrategy": []}""";

        await _ecs.ExpectErrorAsync("PutClusterCapacityProviders", disassociate,
            "ResourceInUseException", "The specified capacity provider is in use and cannot be removed.");
        await report.ReportAsync($$"""{"tasks": [{"taskArn": "{{task["taskArn"].Text()}}", "lastStatus": "STOPPED"}]}""");
        var cluster = (await _ecs.OkAsync("PutClusterCapacityProviders", disassociate))["cluster"]!;

        Assert.Equal("[]", cluster["capacityProviders"]!.ToJsonString());
    }

    /// <summary>A cluster with these providers and a Fargate service <c>api</c> that uses FARGATE.</summary>
    private async Task ClusterWithFargateServiceAsync(string[] providers)
    {
        await _ecs.OkAsync("CreateCluster", $$"""{"clusterName": "demo", "capacityProviders": {{Json(providers)}}}""");
        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);
        await _ecs.OkAsync("CreateService", $$"""
            {"cluster": "demo", "serviceName": "api", "taskDefinition": "api", "desiredCount": 0,
             "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}, "capacityProviderStrategy": [{"capacityProvider": "FARGATE"}]}
            """);
    }

    /// <summary>Every operation that takes a strategy, each given this one.</summary>
    private static (string Operation, string Request)[] Requests(string strategy, string[] providers) =>
    [
        ("RunTask", $$"""
            {"cluster": "demo", "taskDefinition": "api", "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}, "capacityProviderStrategy": {{strategy}}}
            """),
        ("CreateService", $$"""
            {"cluster": "demo", "serviceName": "other", "taskDefinition": "api", "desiredCount": 0,
             "networkConfiguration": {{EcsScenario.AwsvpcNetwork}}, "capacityProviderStrategy": {{strategy}}}
            """),
        ("UpdateService", $$"""{"cluster": "demo", "service": "api", "capacityProviderStrategy": {{strategy}}}"""),
        ("PutClusterCapacityProviders", $$"""
            {"cluster": "demo", "capacityProviders": {{Json(providers)}}, "defaultCapacityProviderStrategy": {{strategy}}}
            """),
    ];

    private static string Json(string[] values) => "[" + string.Join(", ", values.Select(value => $"\"{value}\"")) + "]";
}
