using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>Capacity providers over HTTP: made, described beside FARGATE and FARGATE_SPOT, used by clusters and strategies, deleted.</summary>
public sealed class CapacityProviderTests : IAsyncDisposable
{
    private const string GroupArn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/asg-1";
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public CapacityProviderTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_auto_scaling_group_provider_is_kept_with_ECSs_defaults_and_listed_beside_the_built_in_ones()
    {
        var created = await CreateAsync("asg-provider", """, "tags": [{"key": "team", "value": "ops"}]""");
        var all = await _ecs.OkAsync("DescribeCapacityProviders", """{"include": ["TAGS"]}""");

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:capacity-provider/asg-provider", created["capacityProviderArn"].Text());
        Assert.Equal(("ACTIVE", "EC2_AUTOSCALING"), (created["status"].Text(), created["type"].Text()));
        Assert.Equal($$"""
            {"autoScalingGroupArn":"{{GroupArn}}","managedScaling":{"status":"ENABLED","targetCapacity":90,"minimumScalingStepSize":1,"maximumScalingStepSize":10000,"instanceWarmupPeriod":300},"managedTerminationProtection":"ENABLED","managedDraining":"ENABLED"}
            """, created["autoScalingGroupProvider"]!.ToJsonString());
        Assert.Equal(["FARGATE", "FARGATE_SPOT", "asg-provider"], all["capacityProviders"]!.AsArray().Select(p => p!["name"].Text()));
        Assert.Equal("""[{"key":"team","value":"ops"}]""", all["capacityProviders"]![2]!["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task An_update_changes_the_managed_settings_it_names()
    {
        await CreateAsync("asg-provider");

        var updated = (await _ecs.OkAsync("UpdateCapacityProvider", """
            {"name": "asg-provider", "autoScalingGroupProvider": {"managedScaling": {"status": "ENABLED", "targetCapacity": 50}, "managedDraining": "DISABLED"}}
            """))["capacityProvider"]!;

        Assert.Equal(50, updated["autoScalingGroupProvider"]!["managedScaling"]!["targetCapacity"]!.GetValue<int>());
        Assert.Equal(("ENABLED", "DISABLED"), (updated["autoScalingGroupProvider"]!["managedTerminationProtection"].Text(),
            updated["autoScalingGroupProvider"]!["managedDraining"].Text()));
        Assert.Equal("UPDATE_COMPLETE", updated["updateStatus"].Text());
    }

    [Fact]
    public async Task A_cluster_uses_a_provider_in_its_strategy_and_the_provider_cannot_be_deleted_meanwhile()
    {
        await CreateAsync("asg-provider");
        await _ecs.OkAsync("CreateCluster", """
            {"clusterName": "demo", "capacityProviders": ["asg-provider", "FARGATE"], "defaultCapacityProviderStrategy": [{"capacityProvider": "asg-provider", "weight": 1}]}
            """);
        await _ecs.RegisterAsync();

        var task = await _ecs.RunTaskAsync();
        await _ecs.ExpectErrorAsync("DeleteCapacityProvider", """{"capacityProvider": "asg-provider"}""", "InvalidParameterException", "associated with cluster");
        await _ecs.ExpectErrorAsync("CreateCluster", """{"clusterName": "other", "capacityProviders": ["asg-provider"]}""",
            "InvalidParameterException", "already associated with cluster");
        await new InternalClient(_factory).ReportAsync($$"""{"tasks": [{"taskArn": "{{task["taskArn"].Text()}}", "lastStatus": "STOPPED"}]}""");
        await _ecs.OkAsync("PutClusterCapacityProviders", """{"cluster": "demo", "capacityProviders": ["FARGATE"], "defaultCapacityProviderStrategy": []}""");
        var deleted = (await _ecs.OkAsync("DeleteCapacityProvider", """{"capacityProvider": "asg-provider"}"""))["capacityProvider"]!;
        var after = await _ecs.OkAsync("DescribeCapacityProviders", """{"capacityProviders": ["asg-provider"]}""");

        Assert.Equal(("asg-provider", "EC2"), (task["capacityProviderName"].Text(), task["launchType"].Text()));
        Assert.Equal(("INACTIVE", "DELETE_COMPLETE"), (deleted["status"].Text(), deleted["updateStatus"].Text()));
        Assert.Equal("INACTIVE", after["capacityProviders"]![0]!["status"].Text());
        Assert.Equal(["FARGATE", "FARGATE_SPOT"], (await _ecs.OkAsync("DescribeCapacityProviders"))["capacityProviders"]!.AsArray().Select(p => p!["name"].Text()));
    }

    [Fact]
    public async Task A_strategy_naming_a_provider_the_cluster_does_not_have_is_refused()
    {
        await CreateAsync("asg-provider");
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();

        await _ecs.ExpectErrorAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "capacityProviderStrategy": [{"capacityProvider": "asg-provider"}]}""",
            "InvalidParameterException", "not associated with the cluster");
        await _ecs.ExpectErrorAsync("CreateService",
            """{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "capacityProviderStrategy": [{"capacityProvider": "asg-provider"}]}""",
            "InvalidParameterException", "not associated with the cluster");
    }

    [Theory]
    [InlineData("""{"name": "fargate-mine", "autoScalingGroupProvider": {"autoScalingGroupArn": "a"}}""", "cannot begin with")]
    [InlineData("""{"name": "bad name", "autoScalingGroupProvider": {"autoScalingGroupArn": "a"}}""", "Invalid capacity provider name")]
    [InlineData("""{"name": "p"}""", "exactly one of")]
    [InlineData("""{"name": "p", "autoScalingGroupProvider": {}}""", "autoScalingGroupArn")]
    [InlineData("""{"name": "p", "autoScalingGroupProvider": {"autoScalingGroupArn": "a", "managedScaling": {"targetCapacity": 101}}}""", "targetCapacity 1-100")]
    [InlineData("""{"name": "p", "autoScalingGroupProvider": {"autoScalingGroupArn": "a", "managedTerminationProtection": "ENABLED"}}""", "managed scaling is ENABLED")]
    public async Task Bad_providers_are_refused(string request, string message) =>
        await _ecs.ExpectErrorAsync("CreateCapacityProvider", request, "InvalidParameterException", message);

    [Fact]
    public async Task Built_in_providers_and_duplicates_cannot_be_changed_or_made_again()
    {
        await CreateAsync("asg-provider");

        await _ecs.ExpectErrorAsync("CreateCapacityProvider", $$"""{"name": "asg-provider", "autoScalingGroupProvider": {"autoScalingGroupArn": "{{GroupArn}}"} }""",
            "InvalidParameterException", "already exists");
        await _ecs.ExpectErrorAsync("DeleteCapacityProvider", """{"capacityProvider": "FARGATE"}""", "InvalidParameterException", "built in");
        await _ecs.ExpectErrorAsync("UpdateCapacityProvider", """{"name": "nosuch", "autoScalingGroupProvider": {}}""", "InvalidParameterException", "does not exist");
    }

    private async Task<JsonNode> CreateAsync(string name, string extra = "") =>
        (await _ecs.OkAsync("CreateCapacityProvider", $$"""
            {"name": "{{name}}", "autoScalingGroupProvider": {"autoScalingGroupArn": "{{GroupArn}}",
              "managedScaling": {"status": "ENABLED", "targetCapacity": 90}, "managedTerminationProtection": "ENABLED"}{{extra}} }
            """))["capacityProvider"]!;
}
