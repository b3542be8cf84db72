using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

public sealed class ServiceTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public ServiceTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private async Task SetUpAsync()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
    }

    [Fact]
    public async Task CreateService_EchoesTheRequest_WithOnePrimaryDeployment()
    {
        await SetUpAsync();

        var service = await _ecs.ServiceAsync(extra: """
            , "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}], "healthCheckGracePeriodSeconds": 30,
              "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50, "deploymentCircuitBreaker": {"enable": true, "rollback": true}},
              "propagateTags": "SERVICE", "enableExecuteCommand": true, "tags": [{"key": "k", "value": "v"}]
            """);

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:service/demo/websvc", service["serviceArn"].Text());
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", service["taskDefinition"].Text());
        Assert.Equal("ACTIVE", service["status"].Text());
        Assert.Equal("EC2", service["launchType"].Text());
        Assert.Equal(30, service["healthCheckGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal("""[{"type":"spread","field":"attribute:ecs.availability-zone"}]""", service["placementStrategy"]!.ToJsonString());
        Assert.Equal("""{"deploymentCircuitBreaker":{"enable":true,"rollback":true},"maximumPercent":150,"minimumHealthyPercent":50}""",
            service["deploymentConfiguration"]!.ToJsonString());
        Assert.Equal("SERVICE", service["propagateTags"].Text());
        Assert.True(service["enableExecuteCommand"]!.GetValue<bool>());
        Assert.Equal("""[{"key":"k","value":"v"}]""", service["tags"]!.ToJsonString());
        var deployment = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Matches("^ecs-svc/[0-9]{19}$", deployment["id"].Text());
        Assert.Equal("PRIMARY", deployment["status"].Text());
        Assert.Equal("IN_PROGRESS", deployment["rolloutState"].Text());
        Assert.Equal(2, deployment["desiredCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateService_Defaults_AreThoseEcsReports()
    {
        await SetUpAsync();

        var service = await _ecs.ServiceAsync();

        Assert.Equal("""{"deploymentCircuitBreaker":{"enable":false,"rollback":false},"maximumPercent":200,"minimumHealthyPercent":100}""",
            service["deploymentConfiguration"]!.ToJsonString());
        Assert.Equal("REPLICA", service["schedulingStrategy"].Text());
        Assert.Equal("""{"type":"ECS"}""", service["deploymentController"]!.ToJsonString());
        Assert.Equal("NONE", service["propagateTags"].Text());
        Assert.Equal("[]", service["events"]!.ToJsonString());
        Assert.Equal("[]", service["loadBalancers"]!.ToJsonString());
        Assert.False(service["enableECSManagedTags"]!.GetValue<bool>());
        Assert.IsType<double>(service["createdAt"]!.GetValue<double>());
        Assert.Equal("ENABLED", service["availabilityZoneRebalancing"].Text());
    }

    [Fact]
    public async Task CreateService_TurnsRebalancingOn_OnlyForServicesThatCanRebalance()
    {
        await SetUpAsync();

        var binpacked = await _ecs.ServiceAsync("packed", extra: """, "placementStrategy": [{"type": "binpack", "field": "memory"}]""");
        var chosen = await _ecs.ServiceAsync("chosen", extra: """, "availabilityZoneRebalancing": "DISABLED" """);

        Assert.Equal("DISABLED", binpacked["availabilityZoneRebalancing"].Text());
        Assert.Equal("DISABLED", chosen["availabilityZoneRebalancing"].Text());
        await _ecs.ExpectErrorAsync("CreateService",
            """{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "availabilityZoneRebalancing": "SOMETIMES"}""",
            "InvalidParameterException", "availabilityZoneRebalancing");
    }

    [Fact]
    public async Task CreateService_TwiceWithOneName_IsNotIdempotent_UnlessTheSameClientTokenReplays()
    {
        await SetUpAsync();
        var first = await _ecs.ServiceAsync(extra: """, "clientToken": "tok-1" """);

        var replay = await _ecs.ServiceAsync(extra: """, "clientToken": "tok-1" """);
        await _ecs.ExpectErrorAsync("CreateService", """{"cluster": "demo", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 2}""",
            "InvalidParameterException", "Creation of service was not idempotent.");
        await _ecs.ExpectErrorAsync("CreateService", """{"cluster": "demo", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 3, "clientToken": "tok-1"}""",
            "InvalidParameterException", "Creation of service was not idempotent.");

        Assert.Equal(first["deployments"]![0]!["id"].Text(), replay["deployments"]![0]!["id"].Text());
    }

    [Theory]
    [InlineData("""{"cluster": "nosuch", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1}""", "ClusterNotFoundException", "Cluster not found.")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "nosuch", "desiredCount": 1}""", "ClientException", "Unable to describe task definition.")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web"}""", "InvalidParameterException", "desiredCount is required")]
    [InlineData("""{"cluster": "demo", "serviceName": "bad name", "taskDefinition": "web", "desiredCount": 1}""", "InvalidParameterException", "Invalid service name")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "launchType": "FARGATE", "capacityProviderStrategy": [{"capacityProvider": "FARGATE"}]}""", "InvalidParameterException", "Specifying both a launch type and capacity provider strategy")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "launchType": "SPACESHIP"}""", "InvalidParameterException", "'SPACESHIP' is not a valid launchType")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": -1}""", "InvalidParameterException", "must not be negative")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}}""", "InvalidParameterException", "Network Configuration is not valid")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "api", "desiredCount": 1}""", "InvalidParameterException", "Network Configuration must be provided when networkMode 'awsvpc' is specified.")]
    [InlineData("""{"cluster": "demo", "serviceName": "s", "taskDefinition": "web", "desiredCount": 1, "deploymentConfiguration": {"maximumPercent": 100, "minimumHealthyPercent": 150}}""", "InvalidParameterException", "minimumHealthyPercent must be between 0 and 100")]
    public async Task CreateService_RejectsInvalidRequests(string request, string errorType, string message)
    {
        await SetUpAsync();
        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);

        await _ecs.ExpectErrorAsync("CreateService", request, errorType, message);
    }

    [Fact]
    public async Task CreateService_WithInactiveTaskDefinition_IsRefused()
    {
        await SetUpAsync();
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");

        await _ecs.ExpectErrorAsync("CreateService", """{"cluster": "demo", "serviceName": "s", "taskDefinition": "web:1", "desiredCount": 1}""",
            "ClientException", "TaskDefinition is inactive");
    }

    [Fact]
    public async Task DescribeServices_ReportsMissingOnes_AndTagsOnlyWhenAsked()
    {
        await SetUpAsync();
        await _ecs.ServiceAsync(extra: """, "tags": [{"key": "k", "value": "v"}]""");

        var plain = await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc", "nosuch"]}""");
        var tagged = await _ecs.OkAsync("DescribeServices",
            """{"cluster": "demo", "services": ["arn:aws:ecs:us-east-1:123456789012:service/demo/websvc"], "include": ["TAGS"]}""");

        Assert.Null(plain["services"]![0]!["tags"]);
        Assert.Equal("""[{"arn":"arn:aws:ecs:us-east-1:123456789012:service/demo/nosuch","reason":"MISSING"}]""", plain["failures"]!.ToJsonString());
        Assert.Equal("""[{"key":"k","value":"v"}]""", tagged["services"]![0]!["tags"]!.ToJsonString());
        await _ecs.ExpectErrorAsync("DescribeServices", """{"cluster": "demo", "services": []}""", "InvalidParameterException", "between 1 and 10");
        await _ecs.ExpectErrorAsync("DescribeServices", """{"cluster": "nosuch", "services": ["websvc"]}""", "ClusterNotFoundException", "Cluster not found.");
    }

    [Fact]
    public async Task ListServices_PagesByTenByDefault_AndFilters()
    {
        await SetUpAsync();
        for (var i = 0; i < 12; i++)
        {
            await _ecs.ServiceAsync($"svc{i:00}", desiredCount: 0, extra: i == 0 ? """, "launchType": "FARGATE" """ : "");
        }

        var first = await _ecs.OkAsync("ListServices", """{"cluster": "demo"}""");
        var second = await _ecs.OkAsync("ListServices", $$"""{"cluster": "demo", "nextToken": "{{first["nextToken"].Text()}}"}""");
        var fargate = await _ecs.OkAsync("ListServices", """{"cluster": "demo", "launchType": "FARGATE"}""");
        var daemon = await _ecs.OkAsync("ListServices", """{"cluster": "demo", "schedulingStrategy": "DAEMON"}""");

        Assert.Equal(10, first["serviceArns"]!.AsArray().Count);
        Assert.Equal(2, second["serviceArns"]!.AsArray().Count);
        Assert.Null(second["nextToken"]);
        Assert.EndsWith("/svc00", Assert.Single(fargate["serviceArns"]!.AsArray())!.Text());
        Assert.Empty(daemon["serviceArns"]!.AsArray());
    }

    [Fact]
    public async Task UpdateService_NewTaskDefinition_MakesANewPrimaryDeployment_DesiredCountDoesNot()
    {
        await SetUpAsync();
        await _ecs.RegisterAsync();
        var created = await _ecs.ServiceAsync();

        var scaled = (await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 5}"""))["service"]!;
        var redeployed = (await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:1"}"""))["service"]!;
        var forced = (await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "forceNewDeployment": true}"""))["service"]!;

        Assert.Single(scaled["deployments"]!.AsArray());
        Assert.Equal(5, scaled["deployments"]![0]!["desiredCount"]!.GetValue<int>());
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", created["taskDefinition"].Text());
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", redeployed["taskDefinition"].Text());
        Assert.Equal(["PRIMARY", "ACTIVE"], redeployed["deployments"]!.AsArray().Select(d => d!["status"].Text()));
        Assert.Equal(["PRIMARY", "ACTIVE", "ACTIVE"], forced["deployments"]!.AsArray().Select(d => d!["status"].Text()));
    }

    [Fact]
    public async Task UpdateService_Errors()
    {
        await SetUpAsync();
        await _ecs.ServiceAsync(desiredCount: 0);
        await _ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc"}""");

        await _ecs.ExpectErrorAsync("UpdateService", """{"cluster": "demo", "service": "nosuch", "desiredCount": 1}""", "ServiceNotFoundException", "Service not found.");
        await _ecs.ExpectErrorAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 1}""", "ServiceNotActiveException", "Service was not ACTIVE.");
    }

    [Fact]
    public async Task DeleteService_NeedsForceWhenScaledUp_ThenIsInactiveAndStillDescribable()
    {
        await SetUpAsync();
        await _ecs.ServiceAsync();

        await _ecs.ExpectErrorAsync("DeleteService", """{"cluster": "demo", "service": "websvc"}""",
            "InvalidParameterException", "The service cannot be stopped while it is scaled above 0.");
        var deleted = (await _ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc", "force": true}"""))["service"]!;
        var again = (await _ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc"}"""))["service"]!;
        var described = await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}""");
        var listed = await _ecs.OkAsync("ListServices", """{"cluster": "demo"}""");

        Assert.Equal("DRAINING", deleted["status"].Text());
        Assert.Equal(0, deleted["desiredCount"]!.GetValue<int>());
        Assert.Equal("INACTIVE", again["status"].Text());
        Assert.Equal("INACTIVE", described["services"]![0]!["status"].Text());
        Assert.Empty(described["failures"]!.AsArray());
        Assert.Empty(listed["serviceArns"]!.AsArray());
        await _ecs.ExpectErrorAsync("DeleteService", """{"cluster": "demo", "service": "nosuch"}""", "ServiceNotFoundException", "Service not found.");
    }

    [Fact]
    public async Task CreateService_AfterDeletion_MakesAFreshService()
    {
        await SetUpAsync();
        await _ecs.ServiceAsync(desiredCount: 0);
        await _ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc"}""");

        var recreated = await _ecs.ServiceAsync(desiredCount: 1);

        Assert.Equal("ACTIVE", recreated["status"].Text());
        Assert.Equal(1, recreated["desiredCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConcurrentCreateService_WithOneName_CreatesExactlyOne()
    {
        await SetUpAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => _ecs.CallAsync("CreateService",
            """{"cluster": "demo", "serviceName": "raced", "taskDefinition": "web", "desiredCount": 1}""")));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r =>
        {
            Assert.Equal(400, r.Status);
            Assert.Equal("Creation of service was not idempotent.", r.Message);
        });
        Assert.Single((await _ecs.OkAsync("ListServices", """{"cluster": "demo"}"""))["serviceArns"]!.AsArray());
    }

    [Fact]
    public async Task DeleteCluster_RacingCreateService_NeverLeavesAServiceInAnInactiveCluster()
    {
        await _ecs.RegisterAsync();
        for (var round = 0; round < 20; round++)
        {
            var cluster = $"race{round}";
            await _ecs.OkAsync("CreateCluster", $$"""{"clusterName": "{{cluster}}"}""");

            var create = _ecs.CallAsync("CreateService", $$"""{"cluster": "{{cluster}}", "serviceName": "s", "taskDefinition": "web", "desiredCount": 0}""");
            var delete = _ecs.CallAsync("DeleteCluster", $$"""{"cluster": "{{cluster}}"}""");
            var (created, deleted) = (await create, await delete);

            // Exactly one wins: a created service keeps the cluster, a deleted cluster refuses the service.
            Assert.True((created.Status, deleted.Status) is (200, 400) or (400, 200), $"CreateService {created.Status}, DeleteCluster {deleted.Status}");
            Assert.Equal(created.Status == 200 ? "ClusterContainsServicesException" : "ClusterNotFoundException",
                created.Status == 200 ? deleted.ErrorType : created.ErrorType);
            var described = (await _ecs.OkAsync("DescribeClusters", $$"""{"clusters": ["{{cluster}}"]}"""))["clusters"]!.AsArray().SingleOrDefault();
            Assert.Equal(created.Status == 200 ? "ACTIVE" : "INACTIVE", described?["status"].Text() ?? "INACTIVE");
        }
    }

    [Fact]
    public async Task RepeatedCreateUpdateDelete_OnTheSameNames_NeverFaults()
    {
        await SetUpAsync();
        var statuses = new List<int>();
        for (var cycle = 0; cycle < 200; cycle++)
        {
            var name = $"cycle{cycle % 3}";
            statuses.Add((await _ecs.CallAsync("CreateService", $$"""{"cluster": "demo", "serviceName": "{{name}}", "taskDefinition": "web", "desiredCount": 1}""")).Status);
            statuses.Add((await _ecs.CallAsync("UpdateService", $$"""{"cluster": "demo", "service": "{{name}}", "desiredCount": 0}""")).Status);
            statuses.Add((await _ecs.CallAsync("DeleteService", $$"""{"cluster": "demo", "service": "{{name}}", "force": true}""")).Status);
        }

        Assert.All(statuses, status => Assert.Equal(200, status));
    }
}
