using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// Daemons over HTTP: created on a cluster's capacity providers, described with their revisions and deployments, updated
/// and deleted; the Scheduler's decisions (the internal daemon actions) start and stop their tasks and finish deployments.
/// </summary>
public sealed class DaemonTests : IAsyncDisposable
{
    private const string Cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/demo";
    private const string Provider = "arn:aws:ecs:us-east-1:123456789012:capacity-provider/nodes";
    private const string DaemonArn = "arn:aws:ecs:us-east-1:123456789012:daemon/demo/agent";
    private const string InstanceA = "0123456789abcdef0123456789abcdef";
    private const string InstanceB = "fedcba9876543210fedcba9876543210";
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public DaemonTests()
    {
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_new_daemon_has_its_first_revision_and_a_deployment_in_progress()
    {
        await SetUpAsync();

        var created = await CreateAsync("""
            , "deploymentConfiguration": {"drainPercent": 50, "bakeTimeInMinutes": 2}, "propagateTags": "DAEMON", "tags": [{"key": "team", "value": "ops"}]
            """);
        var daemon = (await _ecs.OkAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemon"]!;
        var deployment = (await _ecs.OkAsync("DescribeDaemonDeployments", $$"""{"daemonDeploymentArns": ["{{created["deploymentArn"].Text()}}"]}"""))["daemonDeployments"]![0]!;
        var revisionArn = daemon["currentRevisions"]![0]!["arn"].Text();
        var revision = (await _ecs.OkAsync("DescribeDaemonRevisions", $$"""{"daemonRevisionArns": ["{{revisionArn}}"]}"""))["daemonRevisions"]![0]!;
        var listed = await _ecs.OkAsync("ListDaemons", """{"clusterArn": "demo"}""");
        var tags = await _ecs.OkAsync("ListTagsForResource", $$"""{"resourceArn": "{{DaemonArn}}"}""");

        Assert.Equal((DaemonArn, "ACTIVE"), (created["daemonArn"].Text(), created["status"].Text()));
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:daemon-deployment/demo/agent/", created["deploymentArn"].Text());
        Assert.Equal((Cluster, created["deploymentArn"].Text()), (daemon["clusterArn"].Text(), daemon["deploymentArn"].Text()));
        Assert.Equal($$"""[{"arn":"{{revisionArn}}","capacityProviders":[{"arn":"{{Provider}}","runningCount":0}],"totalRunningCount":0}]""",
            daemon["currentRevisions"]!.ToJsonString());
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:daemon-revision/demo/agent/", revisionArn);
        Assert.Equal(("IN_PROGRESS", revisionArn, 50.0, 2), (deployment["status"].Text(), deployment["targetDaemonRevision"]!["arn"].Text(),
            deployment["deploymentConfiguration"]!["drainPercent"]!.GetValue<double>(), deployment["deploymentConfiguration"]!["bakeTimeInMinutes"]!.GetValue<int>()));
        Assert.Equal("[]", deployment["sourceDaemonRevisions"]!.ToJsonString());
        Assert.Equal(("arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:1", "DAEMON", "public.ecr.aws/agent:1"),
            (revision["daemonTaskDefinitionArn"].Text(), revision["propagateTags"].Text(), revision["containerImages"]![0]!["image"].Text()));
        Assert.Equal(DaemonArn, listed["daemonSummariesList"]!.AsArray().Single()!["daemonArn"].Text());
        Assert.Equal("""[{"key":"team","value":"ops"}]""", tags["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task The_schedulers_actions_start_one_task_per_instance_and_finish_the_deployment()
    {
        await SetUpAsync();
        var created = await CreateAsync();
        var changes = await _internal.ChangesAsync(0);
        var spec = changes["changes"]!.AsArray().Single(c => c!["kind"].Text() == "daemon")!["daemon"]!;

        var result = await _internal.DaemonActionsAsync($$"""
            {"daemonArn": "{{DaemonArn}}", "revisionId": "{{spec["revisionId"].Text()}}", "startOnInstanceIds": ["{{InstanceA}}", "{{InstanceB}}", "{{InstanceA}}"]}
            """);
        var again = await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "revisionId": "{{spec["revisionId"].Text()}}", "startOnInstanceIds": ["{{InstanceA}}"]}""");
        var taskArns = (await _ecs.OkAsync("ListTasks", """{"cluster": "demo", "daemonName": "agent"}"""))["taskArns"]!.AsArray().Select(t => t.Text()).ToList();
        var onA = (await _ecs.OkAsync("ListTasks", $$"""{"cluster": "demo", "containerInstance": "{{InstanceA}}"}"""))["taskArns"]!.AsArray();
        var task = (await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{taskArns[0]}}"]}"""))["tasks"]![0]!;
        foreach (var arn in taskArns)
        {
            await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "RUNNING"}]}""");
        }

        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "completeDeploymentArn": "{{created["deploymentArn"].Text()}}"}""");
        var daemon = (await _ecs.OkAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemon"]!;
        var deployment = (await _ecs.OkAsync("DescribeDaemonDeployments", $$"""{"daemonDeploymentArns": ["{{created["deploymentArn"].Text()}}"]}"""))["daemonDeployments"]![0]!;

        Assert.Equal(("ACTIVE", 25.0, 0), (spec["status"].Text(), spec["drainPercent"]!.GetValue<double>(), spec["bakeTimeInMinutes"]!.GetValue<int>()));
        Assert.Equal(2, result["started"]!.AsArray().Count);
        Assert.Empty(again["started"]!.AsArray());
        Assert.Equal(2, taskArns.Count);
        Assert.Single(onA);
        Assert.Equal(("daemon:agent", spec["revisionId"].Text(), "nodes", "EC2"),
            (task["group"].Text(), task["startedBy"].Text(), task["capacityProviderName"].Text(), task["launchType"].Text()));
        Assert.StartsWith("arn:aws:ecs:us-east-1:123456789012:container-instance/demo/", task["containerInstanceArn"].Text());
        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:1", task["taskDefinitionArn"].Text());
        Assert.Equal(2, daemon["currentRevisions"]![0]!["totalRunningCount"]!.GetValue<int>());
        Assert.Equal(("SUCCESSFUL", 2), (deployment["status"].Text(), deployment["targetDaemonRevision"]!["totalRunningInstanceCount"]!.GetValue<int>()));
        Assert.NotNull(deployment["finishedAt"]);
    }

    [Fact]
    public async Task An_update_rolls_a_new_revision_out_and_a_stale_decision_starts_nothing()
    {
        await SetUpAsync();
        await CreateAsync();
        var firstRevision = await TargetRevisionIdAsync();
        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "revisionId": "{{firstRevision}}", "startOnInstanceIds": ["{{InstanceA}}"]}""");
        await RegisterAsync("public.ecr.aws/agent:2");

        var updated = await _ecs.OkAsync("UpdateDaemon", $$"""
            {"daemonArn": "{{DaemonArn}}", "daemonTaskDefinitionArn": "agent:2", "capacityProviderArns": ["nodes"]}
            """);
        var stale = await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "revisionId": "{{firstRevision}}", "startOnInstanceIds": ["{{InstanceB}}"]}""");
        var deployments = (await _ecs.OkAsync("ListDaemonDeployments", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemonDeployments"]!.AsArray();
        var latest = (await _ecs.OkAsync("DescribeDaemonDeployments", $$"""{"daemonDeploymentArns": ["{{updated["deploymentArn"].Text()}}"]}"""))["daemonDeployments"]![0]!;
        var inProgress = (await _ecs.OkAsync("ListDaemonDeployments", $$"""{"daemonArn": "{{DaemonArn}}", "status": ["IN_PROGRESS"]}"""))["daemonDeployments"]!.AsArray();

        Assert.Contains("is not the target revision", stale["refused"].Text());
        Assert.Equal([("IN_PROGRESS", updated["deploymentArn"].Text()), ("STOPPED", deployments[1]!["daemonDeploymentArn"].Text())],
            deployments.Select(d => (d!["status"].Text(), d["daemonDeploymentArn"].Text())));
        Assert.EndsWith(firstRevision, latest["sourceDaemonRevisions"]![0]!["arn"].Text());
        Assert.Equal(0, latest["sourceDaemonRevisions"]![0]!["totalDrainingInstanceCount"]!.GetValue<int>());
        Assert.Single(inProgress);
    }

    [Fact]
    public async Task A_deleted_daemon_stops_its_tasks_and_is_gone_once_they_have_stopped()
    {
        await SetUpAsync();
        await CreateAsync();
        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "revisionId": "{{await TargetRevisionIdAsync()}}", "startOnInstanceIds": ["{{InstanceA}}"]}""");
        var taskArn = (await _ecs.OkAsync("ListTasks", """{"cluster": "demo", "daemonName": "agent"}"""))["taskArns"]![0].Text();
        await _ecs.OkAsync("DeleteDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:1"}""");
        var definitionInUse = (await _ecs.OkAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:1"}"""))["daemonTaskDefinition"]!;

        var deleted = await _ecs.OkAsync("DeleteDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}""");
        await _ecs.ExpectErrorAsync("UpdateDaemon", $$"""{"daemonArn": "{{DaemonArn}}", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"]}""",
            "DaemonNotActiveException", "DELETE_IN_PROGRESS");
        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "stopTaskArns": ["{{taskArn}}"], "stopReason": "Daemon deleted"}""");
        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "completeDeploymentArn": "{{deleted["deploymentArn"].Text()}}"}""");
        var whileStopping = (await _ecs.OkAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemon"]!;
        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{taskArn}}", "lastStatus": "STOPPED"}]}""");
        await _internal.DaemonActionsAsync($$"""{"daemonArn": "{{DaemonArn}}", "completeDeploymentArn": "{{deleted["deploymentArn"].Text()}}"}""");
        var deployment = (await _ecs.OkAsync("DescribeDaemonDeployments", $$"""{"daemonDeploymentArns": ["{{deleted["deploymentArn"].Text()}}"]}"""))["daemonDeployments"]![0]!;
        var task = (await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"]}"""))["tasks"]![0]!;

        Assert.Equal("DELETE_IN_PROGRESS", definitionInUse["status"].Text());
        Assert.Equal("DELETE_IN_PROGRESS", deleted["status"].Text());
        Assert.Equal("DELETE_IN_PROGRESS", whileStopping["status"].Text());
        Assert.Equal(("SUCCESSFUL", (string?)null), (deployment["status"].Text(), deployment["targetDaemonRevision"]?.ToJsonString()));
        Assert.Equal(("Daemon deleted", "ServiceSchedulerInitiated"), (task["stoppedReason"].Text(), task["stopCode"].Text()));
        await _ecs.ExpectErrorAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}""", "DaemonNotFoundException", "was not found");
        Assert.Empty((await _ecs.OkAsync("ListDaemons", "{}"))["daemonSummariesList"]!.AsArray());
        Assert.Equal("DELETED", (await _ecs.OkAsync("DescribeDaemonTaskDefinition", """{"daemonTaskDefinition": "agent:1"}"""))["daemonTaskDefinition"]!["status"].Text());
        await RegisterAsync("public.ecr.aws/agent:2");
        Assert.Equal("ACTIVE", (await _ecs.OkAsync("CreateDaemon", """
            {"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:2", "capacityProviderArns": ["nodes"]}
            """))["status"].Text());
    }

    [Fact]
    public async Task Requests_that_cannot_make_a_daemon_are_refused_with_the_reason()
    {
        await SetUpAsync();
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["FARGATE"]}""",
            "InvalidParameterException", "has none");
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:9", "capacityProviderArns": ["nodes"]}""",
            "InvalidParameterException", "does not exist");
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["elsewhere"]}""",
            "InvalidParameterException", "not an ACTIVE capacity provider of cluster demo");
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "a b", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"]}""",
            "InvalidParameterException", "Daemon name");
        await _ecs.ExpectErrorAsync("CreateDaemon", """
            {"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"], "deploymentConfiguration": {"drainPercent": 120}}
            """, "InvalidParameterException", "drainPercent");
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "agent", "clusterArn": "nowhere", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"]}""",
            "ClusterNotFoundException", "Cluster not found");
        await _ecs.ExpectErrorAsync("DescribeDaemon", """{"daemonArn": "arn:aws:ecs:us-east-1:123456789012:daemon/demo/none"}""", "DaemonNotFoundException", "none");
        await _ecs.ExpectErrorAsync("DescribeDaemon", """{"daemonArn": "agent"}""", "InvalidParameterException", "is not a daemon ARN");
        await CreateAsync(token: "abc");
        await CreateAsync(token: "abc");
        await _ecs.ExpectErrorAsync("CreateDaemon", """{"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"]}""",
            "InvalidParameterException", "already exists");
        var missing = await _ecs.OkAsync("DescribeDaemonRevisions", """{"daemonRevisionArns": ["arn:aws:ecs:us-east-1:123456789012:daemon-revision/demo/agent/nope"]}""");
        Assert.Equal("MISSING", missing["failures"]![0]!["reason"].Text());
    }

    [Fact]
    public async Task A_reset_tells_the_feed_the_daemon_is_gone()
    {
        await SetUpAsync();
        await CreateAsync();
        var seen = (await _internal.ChangesAsync(0))["lastSequence"]!.GetValue<long>();

        await _internal.PostAsync("/internal/v1/reset");
        var changes = (await _internal.ChangesAsync(seen))["changes"]!.AsArray();

        Assert.Contains(changes, c => c!["kind"].Text() == "daemon" && c["arn"].Text() == DaemonArn && c["deleted"]!.GetValue<bool>());
    }

    private async Task SetUpAsync()
    {
        await _ecs.OkAsync("CreateCapacityProvider", """
            {"name": "nodes", "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/nodes"}}
            """);
        await _ecs.OkAsync("CreateCluster", """{"clusterName": "demo", "capacityProviders": ["nodes"]}""");
        await RegisterAsync("public.ecr.aws/agent:1");
    }

    private Task<JsonNode> RegisterAsync(string image) => _ecs.OkAsync("RegisterDaemonTaskDefinition", $$"""
        {"family": "agent", "memory": "128", "containerDefinitions": [{"name": "agent", "image": "{{image}}"}]}
        """);

    private Task<JsonNode> CreateAsync(string extra = "", string? token = null) => _ecs.OkAsync("CreateDaemon", $$"""
        {"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:daemon-task-definition/agent:1",
         "capacityProviderArns": ["{{Provider}}"]{{(token is null ? "" : $", \"clientToken\": \"{token}\"")}}{{extra}}}
        """);

    private async Task<string> TargetRevisionIdAsync()
    {
        var arn = (await _ecs.OkAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemon"]!["currentRevisions"]![0]!["arn"].Text();
        return arn[(arn.LastIndexOf('/') + 1)..];
    }
}
