using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>The Express service operations over HTTP: a service ECS builds from one primary container, with ECS's defaults.</summary>
public sealed class ExpressServiceTests : IAsyncDisposable
{
    private const string Roles = """
        "executionRoleArn": "arn:aws:iam::123456789012:role/exec", "infrastructureRoleArn": "arn:aws:iam::123456789012:role/infra"
        """;

    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ExpressServiceTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_new_express_service_is_a_fargate_service_of_its_primary_container_with_ecs_defaults()
    {
        await _ecs.ClusterAsync("default");

        var express = await CreateAsync("""
            "serviceName": "shop", "primaryContainer": {"image": "public.ecr.aws/shop:1", "environment": [{"name": "MODE", "value": "demo"}]},
            "tags": [{"key": "team", "value": "web"}]
            """);
        var service = (await _ecs.OkAsync("DescribeServices", $$"""{"services": ["{{express["serviceArn"].Text()}}"]}"""))["services"]![0]!;
        var definition = (await _ecs.OkAsync("DescribeTaskDefinition", $$"""{"taskDefinition": "{{service["taskDefinition"].Text()}}"}"""))["taskDefinition"]!;

        var configuration = express["activeConfigurations"]![0]!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:service/default/shop", express["serviceArn"].Text());
        Assert.Equal("ACTIVE", express["status"]!["statusCode"].Text());
        Assert.Equal(service["currentServiceDeployment"].Text(), express["currentDeployment"].Text());
        Assert.Equal(("256", "512", "/ping"), (configuration["cpu"].Text(), configuration["memory"].Text(), configuration["healthCheckPath"].Text()));
        Assert.Equal(80, configuration["primaryContainer"]!["containerPort"]!.GetValue<int>());
        Assert.Equal("""{"minTaskCount":1,"maxTaskCount":1,"autoScalingMetric":"AVERAGE_CPU","autoScalingTargetValue":60}""",
            configuration["scalingTarget"]!.ToJsonString());
        Assert.Equal("""[{"accessType":"PRIVATE","endpoint":"http://shop.default-us-east-1.svc.cluster.local"}]""", configuration["ingressPaths"]!.ToJsonString());
        Assert.Equal(service["currentServiceRevisions"]![0]!["arn"].Text(), configuration["serviceRevisionArn"].Text());
        Assert.Equal("""[{"key":"team","value":"web"}]""", express["tags"]!.ToJsonString());
        Assert.Equal(("FARGATE", 1), (service["launchType"].Text(), service["desiredCount"]!.GetValue<int>()));
        Assert.Equal(("awsvpc", "shop"), (definition["networkMode"].Text(), definition["family"].Text()));
        var container = definition["containerDefinitions"]![0]!;
        Assert.Equal(("public.ecr.aws/shop:1", 80), (container["image"].Text(), container["portMappings"]![0]!["containerPort"]!.GetValue<int>()));
        Assert.Equal("""[{"name":"MODE","value":"demo"}]""", container["environment"]!.ToJsonString());
    }

    [Fact]
    public async Task An_update_deploys_a_new_revision_and_scales_to_the_new_minimum()
    {
        await _ecs.ClusterAsync("default");
        var express = await CreateAsync(""" "serviceName": "shop", "primaryContainer": {"image": "shop:1", "containerPort": 8080} """);
        var arn = express["serviceArn"].Text();

        var updated = (await _ecs.OkAsync("UpdateExpressGatewayService", $$$"""
            {"serviceArn": "{{{arn}}}", "primaryContainer": {"image": "shop:2", "containerPort": 8080}, "scalingTarget": {"minTaskCount": 3, "maxTaskCount": 6}}
            """))["service"]!;
        var scaledOnly = (await _ecs.OkAsync("UpdateExpressGatewayService", $$$"""{"serviceArn": "{{{arn}}}", "scalingTarget": {"minTaskCount": 2}}"""))["service"]!;
        var service = (await _ecs.OkAsync("DescribeServices", $$"""{"services": ["{{arn}}"]}"""))["services"]![0]!;

        Assert.EndsWith("task-definition/shop:2", service["taskDefinition"].Text());
        Assert.Equal(2, service["desiredCount"]!.GetValue<int>());
        Assert.Equal(2, service["deployments"]!.AsArray().Count);
        Assert.Equal("shop:2", updated["targetConfiguration"]!["primaryContainer"]!["image"].Text());
        Assert.Equal("http://shop.default-us-east-1.svc.cluster.local:8080", updated["targetConfiguration"]!["ingressPaths"]![0]!["endpoint"].Text());
        Assert.Equal(2, scaledOnly["targetConfiguration"]!["scalingTarget"]!["minTaskCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_deleted_express_service_drains_like_a_deleted_service()
    {
        await _ecs.ClusterAsync("default");
        var arn = (await CreateAsync(""" "serviceName": "shop", "primaryContainer": {"image": "shop:1"} """))["serviceArn"].Text();

        var deleted = (await _ecs.OkAsync("DeleteExpressGatewayService", $$"""{"serviceArn": "{{arn}}"}"""))["service"]!;
        var described = (await _ecs.OkAsync("DescribeExpressGatewayService", $$"""{"serviceArn": "{{arn}}"}"""))["service"]!;

        Assert.Contains(deleted["status"]!["statusCode"].Text(), new[] { "DRAINING", "INACTIVE" });
        Assert.Equal(deleted["status"]!.ToJsonString(), described["status"]!.ToJsonString());
        await _ecs.ExpectErrorAsync("UpdateExpressGatewayService", $$"""{"serviceArn": "{{arn}}", "cpu": "512"}""", "ServiceNotActiveException", "not ACTIVE");
    }

    [Theory]
    [InlineData(""" "serviceName": "s", "primaryContainer": {"image": "x"}, "infrastructureRoleArn": "r" """, "executionRoleArn")]
    [InlineData(""" "serviceName": "s", "primaryContainer": {"image": "x"}, "executionRoleArn": "r" """, "infrastructureRoleArn")]
    public async Task Missing_roles_are_refused(string members, string named) =>
        await _ecs.ExpectErrorAsync("CreateExpressGatewayService", "{" + members + "}", "InvalidParameterException", named);

    [Fact]
    public async Task Bad_input_gets_clear_errors()
    {
        await _ecs.ClusterAsync("default");
        await CreateAsync(""" "serviceName": "shop", "primaryContainer": {"image": "shop:1"} """);

        await _ecs.ExpectErrorAsync("CreateExpressGatewayService", Body(""" "primaryContainer": {"image": "x"}, "healthCheckPath": "health" """),
            "InvalidParameterException", "healthCheckPath must start with '/'");
        await _ecs.ExpectErrorAsync("CreateExpressGatewayService", Body(""" "primaryContainer": {"image": "x"}, "scalingTarget": {"minTaskCount": 3, "maxTaskCount": 2} """),
            "InvalidParameterException", "minTaskCount <= maxTaskCount");
        await _ecs.ExpectErrorAsync("CreateExpressGatewayService", Body(""" "serviceName": "shop", "primaryContainer": {"image": "x"} """),
            "InvalidParameterException", "already exists");
        await _ecs.ExpectErrorAsync("CreateExpressGatewayService", Body(""" "cluster": "nosuch", "primaryContainer": {"image": "x"} """),
            "ClusterNotFoundException", "Cluster not found");
    }

    [Fact]
    public async Task An_unknown_express_service_gets_the_error_each_operation_models()
    {
        await _ecs.ClusterAsync("default");
        await _ecs.RegisterAsync();
        var plain = (await _ecs.OkAsync("CreateService", """{"cluster": "default", "serviceName": "plain", "taskDefinition": "web", "desiredCount": 0}"""))["service"]!;
        const string unknown = "arn:aws:ecs:us-east-1:123456789012:service/default/nosuch";

        foreach (var arn in new[] { plain["serviceArn"].Text(), unknown })
        {
            await _ecs.ExpectErrorAsync("DescribeExpressGatewayService", $$"""{"serviceArn": "{{arn}}"}""",
                "ResourceNotFoundException", $"The Express service {arn} was not found.");
            await _ecs.ExpectErrorAsync("UpdateExpressGatewayService", $$"""{"serviceArn": "{{arn}}", "cpu": "512"}""",
                "ServiceNotFoundException", "Service not found.");
            await _ecs.ExpectErrorAsync("DeleteExpressGatewayService", $$"""{"serviceArn": "{{arn}}"}""",
                "ServiceNotFoundException", "Service not found.");
        }
    }

    [Fact]
    public async Task An_express_service_is_managed_by_ECS_and_listed_as_such()
    {
        await _ecs.ClusterAsync("default");
        await _ecs.RegisterAsync();
        var plain = (await _ecs.OkAsync("CreateService", """{"cluster": "default", "serviceName": "plain", "taskDefinition": "web", "desiredCount": 0}"""))["service"]!;
        var arn = (await CreateAsync(""" "serviceName": "shop", "primaryContainer": {"image": "shop:1"} """))["serviceArn"].Text();

        var described = (await _ecs.OkAsync("DescribeServices", $$"""{"services": ["{{arn}}", "plain"]}"""))["services"]!;
        var managedByEcs = await _ecs.OkAsync("ListServices", """{"resourceManagementType": "ECS"}""");
        var managedByCustomer = await _ecs.OkAsync("ListServices", """{"resourceManagementType": "CUSTOMER"}""");

        Assert.Equal("ECS", described[0]!["resourceManagementType"].Text());
        Assert.Null(described[1]!["resourceManagementType"]);
        Assert.Equal($"""["{arn}"]""", managedByEcs["serviceArns"]!.ToJsonString());
        Assert.Equal($"""["{plain["serviceArn"].Text()}"]""", managedByCustomer["serviceArns"]!.ToJsonString());
    }

    [Fact]
    public async Task A_service_without_a_name_is_named_after_its_image()
    {
        await _ecs.ClusterAsync("default");

        var express = await CreateAsync(""" "primaryContainer": {"image": "registry.example.com/team/my_app:3"} """);

        Assert.Matches("^my_app-[0-9a-f]{8}$", express["serviceName"].Text());
    }

    private async Task<JsonNode> CreateAsync(string members) =>
        (await _ecs.OkAsync("CreateExpressGatewayService", Body(members)))["service"]!;

    private static string Body(string members) => "{" + Roles + ", " + members + "}";
}
