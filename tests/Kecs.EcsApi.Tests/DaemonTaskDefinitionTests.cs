using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>Daemon task definitions over HTTP: revisions of a family, described, listed with ECS's filters, deleted.</summary>
public sealed class DaemonTaskDefinitionTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public DaemonTaskDefinitionTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task Each_registration_is_a_new_revision_and_the_family_alone_names_the_latest_active_one()
    {
        var first = await RegisterAsync("agent");
        var second = await RegisterAsync("agent", image: "public.ecr.aws/agent:2");

        var latest = (await _ecs.OkAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "agent"}"""))["daemonTaskDefinition"]!;
        var byRevision = (await _ecs.OkAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:1"}"""))["daemonTaskDefinition"]!;

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:1", first);
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:2", second);
        Assert.Equal((2, "ACTIVE", "public.ecr.aws/agent:2"), (latest["revision"]!.GetValue<int>(), latest["status"].Text(),
            latest["containerDefinitions"]![0]!["image"].Text()));
        Assert.Equal(("arn:aws:iam::123456789012:root", "256"), (latest["registeredBy"].Text(), latest["memory"].Text()));
        Assert.NotNull(latest["registeredAt"]);
        Assert.Equal(first, byRevision["daemonTaskDefinitionArn"].Text());
        Assert.Null(latest["portMappings"]);
    }

    [Fact]
    public async Task A_deleted_revision_is_DELETED_when_no_daemon_runs_it_and_is_no_longer_the_latest()
    {
        await RegisterAsync("agent");
        var second = await RegisterAsync("agent");

        var deleted = await _ecs.OkAsync("DeleteDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:2"}""");
        var described = (await _ecs.OkAsync("DescribeDaemonTaskDefinition", $$"""{"daemonTaskDefinition": "{{second}}"}"""))["daemonTaskDefinition"]!;
        var latest = (await _ecs.OkAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "agent"}"""))["daemonTaskDefinition"]!;

        Assert.Equal(second, deleted["daemonTaskDefinitionArn"].Text());
        Assert.Equal("DELETED", described["status"].Text());
        Assert.NotNull(described["deleteRequestedAt"]);
        Assert.Equal(1, latest["revision"]!.GetValue<int>());
        await _ecs.ExpectErrorAsync("DeleteDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:2"}""", "ClientException", "only an ACTIVE one");
        await _ecs.ExpectErrorAsync("DeleteDaemonTaskDefinition", """{"daemonTaskDefinition": "agent"}""", "InvalidParameterException", "family:revision");
    }

    [Fact]
    public async Task Listing_filters_by_family_prefix_status_and_last_revision_and_sorts_both_ways()
    {
        await RegisterAsync("agent");
        await RegisterAsync("agent");
        await RegisterAsync("agent");
        await RegisterAsync("logger");
        await _ecs.OkAsync("DeleteDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:3"}""");

        Assert.Equal(["agent:1", "agent:2", "logger:1"], await ListAsync("{}"));
        Assert.Equal(["logger:1", "agent:2", "agent:1"], await ListAsync("""{"sort": "DESC"}"""));
        Assert.Equal(["agent:2", "logger:1"], await ListAsync("""{"revision": "LAST_REGISTERED"}"""));
        Assert.Equal(["agent:1", "agent:2", "agent:3"], await ListAsync("""{"familyPrefix": "ag", "status": "ALL"}"""));
        Assert.Empty(await ListAsync("""{"status": "DELETE_IN_PROGRESS"}"""));
        var firstPage = await _ecs.OkAsync("ListDaemonTaskDefinitions", """{"maxResults": 2}""");
        var secondPage = await _ecs.OkAsync("ListDaemonTaskDefinitions", $$"""{"maxResults": 2, "nextToken": "{{firstPage["nextToken"].Text()}}"}""");
        Assert.Equal("logger:1", Short(secondPage["daemonTaskDefinitions"]![0]!["arn"].Text()));
        Assert.Null(secondPage["nextToken"]);
    }

    [Fact]
    public async Task Bad_definitions_are_refused_as_ECS_refuses_them()
    {
        await _ecs.ExpectErrorAsync("RegisterDaemonTaskDefinition", """{"family": "bad family", "containerDefinitions": [{"name": "a", "image": "x"}]}""",
            "ClientException", "Family 'bad family' is not valid");
        await _ecs.ExpectErrorAsync("RegisterDaemonTaskDefinition", """{"family": "agent", "containerDefinitions": []}""", "ClientException", "Container list cannot be empty");
        await _ecs.ExpectErrorAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "nothing:4"}""", "ClientException", "does not exist");
        await _ecs.ExpectErrorAsync("ListDaemonTaskDefinitions", """{"status": "INACTIVE"}""", "InvalidParameterException", "status");
    }

    private async Task<string> RegisterAsync(string family, string image = "public.ecr.aws/agent:1") =>
        (await _ecs.OkAsync("RegisterDaemonTaskDefinition", $$"""
            {"family": "{{family}}", "memory": "256", "containerDefinitions": [{"name": "agent", "image": "{{image}}", "essential": true}]}
            """))["daemonTaskDefinitionArn"].Text();

    private async Task<List<string>> ListAsync(string json) =>
        (await _ecs.OkAsync("ListDaemonTaskDefinitions", json))["daemonTaskDefinitions"]!.AsArray().Select(d => Short(d!["arn"].Text())).ToList();

    private static string Short(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}
