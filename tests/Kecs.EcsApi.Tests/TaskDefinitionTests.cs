using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

public sealed class TaskDefinitionTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public TaskDefinitionTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Register_KeepsEveryFieldAsGiven_AndAddsOnlyEcsDefaults()
    {
        var response = await _ecs.OkAsync("RegisterTaskDefinition", """
            {"family": "full", "taskRoleArn": "arn:aws:iam::123456789012:role/t", "executionRoleArn": "arn:aws:iam::123456789012:role/e",
             "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "1 vCPU", "memory": "2GB", "pidMode": "task",
             "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}, "ephemeralStorage": {"sizeInGiB": 30},
             "volumes": [{"name": "scratch"}],
             "containerDefinitions": [{"name": "app", "image": "app:1", "entryPoint": ["/bin/sh", "-c"], "command": ["echo hi"],
               "essential": true, "memoryReservation": 128, "workingDirectory": "/srv", "user": "1000",
               "dockerLabels": {"a": "b"}, "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}],
               "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 10},
               "secrets": [{"name": "PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/p"}],
               "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
               "linuxParameters": {"initProcessEnabled": true, "capabilities": {"add": ["SYS_PTRACE"]}},
               "dependsOn": [{"containerName": "app", "condition": "START"}],
               "portMappings": [{"containerPort": 8080, "name": "http", "appProtocol": "http"}]}],
             "tags": [{"key": "team", "value": "core"}]}
            """);

        var definition = response["taskDefinition"]!;
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/full:1", definition["taskDefinitionArn"].Text());
        Assert.Equal("1024", definition["cpu"].Text());
        Assert.Equal("2048", definition["memory"].Text());
        Assert.Equal("ACTIVE", definition["status"].Text());
        Assert.Equal("""["EC2","FARGATE"]""", definition["compatibilities"]!.ToJsonString());
        Assert.Equal("""{"cpuArchitecture":"ARM64","operatingSystemFamily":"LINUX"}""", definition["runtimePlatform"]!.ToJsonString());
        Assert.IsType<double>(definition["registeredAt"]!.GetValue<double>());
        var container = definition["containerDefinitions"]![0]!;
        Assert.Equal("""["/bin/sh","-c"]""", container["entryPoint"]!.ToJsonString());
        Assert.Equal("""{"a":"b"}""", container["dockerLabels"]!.ToJsonString());
        Assert.Equal("""[{"name":"nofile","softLimit":1024,"hardLimit":2048}]""", container["ulimits"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"initProcessEnabled":true,"capabilities":{"add":["SYS_PTRACE"]}}"""), container["linuxParameters"]));
        Assert.Equal("""[{"containerPort":8080,"hostPort":8080,"protocol":"tcp","name":"http","appProtocol":"http"}]""", container["portMappings"]!.ToJsonString());
        Assert.Equal(0, container["cpu"]!.GetValue<int>());
        Assert.Equal("[]", container["environment"]!.ToJsonString());
        Assert.Equal("[]", container["mountPoints"]!.ToJsonString());
        Assert.Equal("[]", container["volumesFrom"]!.ToJsonString());
        Assert.Equal("""[{"key":"team","value":"core"}]""", response["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_family_take_each_revision_once()
    {
        var registrations = Enumerable.Range(0, 24).Select(_ => _ecs.RegisterAsync()).ToList();

        var revisions = (await Task.WhenAll(registrations)).Select(r => r["revision"]!.GetValue<int>()).Order();

        Assert.Equal(Enumerable.Range(1, 24), revisions);
    }

    [Fact]
    public async Task Revisions_CountUpPerFamily_EvenAfterDeregistering()
    {
        Assert.Equal(1, (await _ecs.RegisterAsync())["revision"]!.GetValue<int>());
        Assert.Equal(2, (await _ecs.RegisterAsync())["revision"]!.GetValue<int>());
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:2"}""");

        Assert.Equal(3, (await _ecs.RegisterAsync())["revision"]!.GetValue<int>());
        Assert.Equal(1, (await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition))["revision"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"family": "x", "containerDefinitions": []}""", "Container list cannot be empty.")]
    [InlineData("""{"family": "x", "containerDefinitions": [{"image": "i", "memory": 64}]}""", "Container.name should not be null or empty.")]
    [InlineData("""{"family": "x", "containerDefinitions": [{"name": "c", "memory": 64}]}""", "Container.image should not be null or empty.")]
    [InlineData("""{"family": "x", "containerDefinitions": [{"name": "c", "image": "i"}]}""", "At least one of 'memory' or 'memoryReservation' must be specified.")]
    [InlineData("""{"family": "x", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "c", "image": "i"}]}""", "Fargate only supports network mode 'awsvpc'.")]
    [InlineData("""{"family": "x", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "memory": "512", "containerDefinitions": [{"name": "c", "image": "i"}]}""", "Fargate requires that 'cpu' be defined at the task level.")]
    [InlineData("""{"family": "x", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "4096", "containerDefinitions": [{"name": "c", "image": "i"}]}""", "No Fargate configuration exists for given values: 256 CPU, 4096 memory.")]
    [InlineData("""{"family": "bad family", "containerDefinitions": [{"name": "c", "image": "i", "memory": 64}]}""", "Family 'bad family' is not valid.")]
    [InlineData("""{"family": "x", "networkMode": "bridged", "containerDefinitions": [{"name": "c", "image": "i", "memory": 64}]}""", "'bridged' is not a valid networkMode.")]
    [InlineData("""{"family": "x", "containerDefinitions": [{"name": "c", "image": "i", "memory": 64}, {"name": "c", "image": "i", "memory": 64}]}""", "'c' is used more than once")]
    [InlineData("""{"family": "x", "containerDefinitions": [{"name": "c", "image": "i", "memory": 64, "essential": false}]}""", "at least one essential container")]
    [InlineData("""{"family": "x", "networkMode": "awsvpc", "containerDefinitions": [{"name": "c", "image": "i", "memory": 64, "portMappings": [{"containerPort": 80, "hostPort": 81}]}]}""", "must match")]
    [InlineData("""{"family": "x", "cpu": "lots", "memory": "512", "containerDefinitions": [{"name": "c", "image": "i"}]}""", "Invalid 'cpu' setting for task: 'lots'.")]
    public async Task Register_RejectsWhatEcsRejects_WithItsMessages(string request, string message)
    {
        await _ecs.ExpectErrorAsync("RegisterTaskDefinition", request, "ClientException", message);
    }

    [Fact]
    public async Task Register_WrongJsonTypes_AreSerializationErrors()
    {
        await _ecs.ExpectErrorAsync("RegisterTaskDefinition",
            """{"family": "x", "containerDefinitions": [{"name": "c", "image": "i", "memory": "256"}]}""",
            "SerializationException", "containerDefinitions[0].memory");
    }

    [Fact]
    public async Task Describe_ByFamilyRevisionOrArn_WithTagsOnlyWhenAsked()
    {
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync();

        var latest = await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web"}""");
        var first = await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web:1", "include": ["TAGS"]}""");
        var byArn = await _ecs.OkAsync("DescribeTaskDefinition",
            """{"taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"}""");

        Assert.Equal(2, latest["taskDefinition"]!["revision"]!.GetValue<int>());
        Assert.Null(latest["tags"]);
        Assert.Equal(1, first["taskDefinition"]!["revision"]!.GetValue<int>());
        Assert.Equal("""[{"key":"team","value":"core"}]""", first["tags"]!.ToJsonString());
        Assert.Equal(2, byArn["taskDefinition"]!["revision"]!.GetValue<int>());
        await _ecs.ExpectErrorAsync("DescribeTaskDefinition", """{"taskDefinition": "web:9"}""", "ClientException", "Unable to describe task definition.");
        await _ecs.ExpectErrorAsync("DescribeTaskDefinition", """{"taskDefinition": "nosuch"}""", "ClientException", "Unable to describe task definition.");
    }

    [Fact]
    public async Task Family_ResolvesToLatestActiveRevision()
    {
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync();
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:2"}""");

        var latest = await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web"}""");
        var inactive = await _ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "web:2"}""");

        Assert.Equal(1, latest["taskDefinition"]!["revision"]!.GetValue<int>());
        Assert.Equal("INACTIVE", inactive["taskDefinition"]!["status"].Text());
        Assert.IsType<double>(inactive["taskDefinition"]!["deregisteredAt"]!.GetValue<double>());
    }

    [Fact]
    public async Task List_SortsFiltersAndPages()
    {
        for (var i = 0; i < 3; i++)
        {
            await _ecs.RegisterAsync();
        }

        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:3"}""");

        var all = await Arns("""{}""");
        var descending = await Arns("""{"sort": "DESC"}""");
        var web = await Arns("""{"familyPrefix": "web"}""");
        var inactive = await Arns("""{"status": "INACTIVE"}""");
        var firstPage = await _ecs.OkAsync("ListTaskDefinitions", """{"maxResults": 2}""");
        var secondPage = await _ecs.OkAsync("ListTaskDefinitions", $$"""{"maxResults": 2, "nextToken": "{{firstPage["nextToken"].Text()}}"}""");

        Assert.Equal(["api:1", "web:1", "web:2"], all);
        Assert.Equal(["web:2", "web:1", "api:1"], descending);
        Assert.Equal(["web:1", "web:2"], web);
        Assert.Equal(["web:3"], inactive);
        Assert.Equal(2, firstPage["taskDefinitionArns"]!.AsArray().Count);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", secondPage["taskDefinitionArns"]![0].Text());
        Assert.Null(secondPage["nextToken"]);
    }

    [Fact]
    public async Task ListFamilies_ByPrefixAndStatus()
    {
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync(EcsScenario.FargateTaskDefinition);
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "api:1"}""");

        Assert.Equal("""["api","web"]""", (await _ecs.OkAsync("ListTaskDefinitionFamilies"))["families"]!.ToJsonString());
        Assert.Equal("""["web"]""", (await _ecs.OkAsync("ListTaskDefinitionFamilies", """{"status": "ACTIVE"}"""))["families"]!.ToJsonString());
        Assert.Equal("""["api"]""", (await _ecs.OkAsync("ListTaskDefinitionFamilies", """{"status": "INACTIVE"}"""))["families"]!.ToJsonString());
        Assert.Equal("""["web"]""", (await _ecs.OkAsync("ListTaskDefinitionFamilies", """{"familyPrefix": "we"}"""))["families"]!.ToJsonString());
    }

    [Fact]
    public async Task Deregister_NeedsARevision_AndIsRepeatable()
    {
        await _ecs.RegisterAsync();

        await _ecs.ExpectErrorAsync("DeregisterTaskDefinition", """{"taskDefinition": "web"}""", "ClientException", "Revision is missing.");
        var first = await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");
        var again = await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");

        Assert.Equal("INACTIVE", first["taskDefinition"]!["status"].Text());
        Assert.Equal(first["taskDefinition"]!["deregisteredAt"]!.ToJsonString(), again["taskDefinition"]!["deregisteredAt"]!.ToJsonString());
    }

    [Fact]
    public async Task DeleteTaskDefinitions_DeletesInactive_AndReportsTheRestAsFailures()
    {
        await _ecs.RegisterAsync();
        await _ecs.RegisterAsync();
        await _ecs.OkAsync("DeregisterTaskDefinition", """{"taskDefinition": "web:1"}""");

        var response = await _ecs.OkAsync("DeleteTaskDefinitions", """{"taskDefinitions": ["web:1", "web:2", "web:7", "web"]}""");

        Assert.Equal("DELETE_IN_PROGRESS", response["taskDefinitions"]![0]!["status"].Text());
        Assert.NotNull(response["taskDefinitions"]![0]!["deleteRequestedAt"]);
        var reasons = response["failures"]!.AsArray().Select(f => f!["reason"].Text()).ToList();
        Assert.Contains("still in ACTIVE status", reasons[0]);
        Assert.Contains("does not exist", reasons[1]);
        Assert.Contains("identifier is invalid", reasons[2]);
        await _ecs.ExpectErrorAsync("DeleteTaskDefinitions", """{"taskDefinitions": []}""", "InvalidParameterException", "between 1 and 10");
    }

    private async Task<string[]> Arns(string request) =>
        (await _ecs.OkAsync("ListTaskDefinitions", request))["taskDefinitionArns"]!.AsArray()
        .Select(arn => arn.Text()[(arn.Text().LastIndexOf('/') + 1)..]).ToArray();
}
