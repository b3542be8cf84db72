using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kecs.EcsApi.Tests;

public sealed class InternalApiTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly InternalClient _internal;

    public InternalApiTests()
    {
        _ecs = _factory.CreateEcsClient();
        _internal = new InternalClient(_factory);
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task ServiceActions_StartTasksAsTheServicesOwn_OnlyForItsPrimaryDeployment()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 1);
        var serviceArn = service["serviceArn"].Text();
        var primary = service["deployments"]![0]!["id"].Text();

        var stale = await _internal.ServiceActionsAsync($$"""{"serviceArn": "{{serviceArn}}", "deploymentId": "ecs-svc/1", "targetTaskCount": 1}""");
        var (status, started) = await _internal.ServiceActionsAsync($$"""{"serviceArn": "{{serviceArn}}", "deploymentId": "{{primary}}", "targetTaskCount": 2}""");
        var tooMany = await _internal.ServiceActionsAsync($$"""{"serviceArn": "{{serviceArn}}", "deploymentId": "{{primary}}", "targetTaskCount": 1001}""");

        Assert.Contains("is neither the PRIMARY deployment", stale.Body!["refused"].Text());
        Assert.Equal(HttpStatusCode.OK, status);
        var task = started!["started"]![0]!["task"]!;
        Assert.Equal(primary, task["startedBy"].Text());
        Assert.Equal("service:websvc", task["group"].Text());
        Assert.Equal(2, started["started"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        var described = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;
        Assert.Equal(2, described["pendingCount"]!.GetValue<int>() + described["runningCount"]!.GetValue<int>());
        Assert.StartsWith("(service websvc) has started 2 tasks: (task ", described["events"]![0]!["message"].Text());
    }

    [Fact]
    public async Task ServiceActions_Repeated_AreAppliedOnce()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 2);
        var version = await _internal.ServiceVersionAsync(service["serviceArn"].Text());
        var actions = $$"""
            {"serviceArn": "{{service["serviceArn"].Text()}}", "serviceVersion": {{version}}, "deploymentId": "{{service["deployments"]![0]!["id"].Text()}}",
             "targetTaskCount": 2, "events": ["(service websvc) has reached a steady state."]}
            """;

        var (_, applied) = await _internal.ServiceActionsAsync(actions);
        var (_, repeated) = await _internal.ServiceActionsAsync(actions);

        Assert.Equal(2, applied!["started"]!.AsArray().Count);
        Assert.True(applied["serviceVersion"]!.GetValue<long>() > version);
        Assert.Contains($"changed since version {version}", repeated!["refused"].Text());
        Assert.Empty(repeated["started"]!.AsArray());
        var described = (await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;
        Assert.Equal(2, described["pendingCount"]!.GetValue<int>());
        Assert.Single(described["events"]!.AsArray(), e => e!["message"].Text() == "(service websvc) has reached a steady state.");
    }

    [Fact]
    public async Task ServiceActions_GoStaleWithAnUpdateService_NotWithReports_AndStartOnlyTheTasksMissing()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var service = await _ecs.ServiceAsync(desiredCount: 1);
        var serviceArn = service["serviceArn"].Text();
        var primary = service["deployments"]![0]!["id"].Text();
        var (_, first) = await _internal.ServiceActionsAsync($$"""{"serviceArn": "{{serviceArn}}", "deploymentId": "{{primary}}", "targetTaskCount": 1}""");
        var version = await _internal.ServiceVersionAsync(serviceArn);

        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{first!["started"]![0]!["arn"].Text()}}", "lastStatus": "RUNNING"}]}""");
        var versionAfterReport = await _internal.ServiceVersionAsync(serviceArn);
        var (_, met) = await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{serviceArn}}", "serviceVersion": {{version}}, "deploymentId": "{{primary}}", "targetTaskCount": 1}""");
        var decidedOn = await _internal.ServiceVersionAsync(serviceArn);
        await _ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 2}""");
        var (_, stale) = await _internal.ServiceActionsAsync(
            $$"""{"serviceArn": "{{serviceArn}}", "serviceVersion": {{decidedOn}}, "deploymentId": "{{primary}}", "targetTaskCount": 2}""");
        var (_, decidedAgain) = await _internal.ServiceActionsAsync($$"""{"serviceArn": "{{serviceArn}}", "deploymentId": "{{primary}}", "targetTaskCount": 2}""");

        Assert.Equal(version, versionAfterReport);
        Assert.Null(met!["refused"]);
        Assert.Empty(met["started"]!.AsArray());
        Assert.Contains($"changed since version {decidedOn}", stale!["refused"].Text());
        Assert.Single(decidedAgain!["started"]!.AsArray());
    }

    [Fact]
    public async Task DescribeServices_of_several_gives_each_its_own_task_counts_in_the_order_asked()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        foreach (var (name, started) in new[] { ("one", 1), ("three", 3), ("none", 0) })
        {
            var service = await _ecs.ServiceAsync(name, desiredCount: started);
            if (started > 0)
            {
                await _internal.ServiceActionsAsync($$"""
                    {"serviceArn": "{{service["serviceArn"].Text()}}", "deploymentId": "{{service["deployments"]![0]!["id"].Text()}}", "targetTaskCount": {{started}}}
                    """);
            }
        }

        var described = await _ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["three", "missing", "none", "one", "three"]}""");

        var services = described["services"]!.AsArray();
        Assert.Equal(["three", "none", "one", "three"], services.Select(s => s!["serviceName"].Text()));
        Assert.Equal([3, 0, 1, 3], services.Select(s => s!["pendingCount"]!.GetValue<int>()));
        Assert.Equal([3, 0, 1, 3], services.Select(s => s!["deployments"]![0]!["pendingCount"]!.GetValue<int>()));
        Assert.EndsWith("service/demo/missing", Assert.Single(described["failures"]!.AsArray())!["arn"].Text());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task RequestsWithoutTheToken_AreRefused(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/internal/v1/changes");
        if (token is not null)
        {
            request.Headers.Add("X-Kecs-Internal-Token", token);
        }

        using var response = await _ecs.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ChangeFeed_CarriesDesiredState_AndResumesFromASequence()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var task = await _ecs.RunTaskAsync();

        var page = await _internal.ChangesAsync(after: 0);
        var entry = page["changes"]!.AsArray().Single(c => c!["kind"].Text() == "task")!;
        Assert.Equal(task["taskArn"].Text(), entry["task"]!["taskArn"].Text());
        Assert.Equal("nginx:1.25", entry["taskDefinition"]!["containerDefinitions"]![0]!["image"].Text());
        var resumed = await _internal.ChangesAsync(after: page["lastSequence"]!.GetValue<long>());
        Assert.Empty(resumed["changes"]!.AsArray());

        await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{task["taskArn"].Text()}}"}""");
        var next = await _internal.ChangesAsync(after: page["lastSequence"]!.GetValue<long>());
        Assert.Equal("STOPPED", Assert.Single(next["changes"]!.AsArray())!["task"]!["desiredStatus"].Text());
        Assert.True(next["lastSequence"]!.GetValue<long>() > page["lastSequence"]!.GetValue<long>());
        // Even a page from the start tells where the feed ends now.
        Assert.Equal(next["lastSequence"]!.GetValue<long>(), (await _internal.ChangesAsync(after: 0))["headSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task LongPoll_AnswersAsSoonAsSomethingChanges()
    {
        var last = (await _internal.ChangesAsync(after: 0))["lastSequence"]!.GetValue<long>();

        var waiting = _internal.ChangesAsync(after: last, waitSeconds: 25);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await _ecs.ClusterAsync("woken");
        var page = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/woken", page["changes"]![0]!["arn"].Text());
    }

    [Fact]
    public async Task LongPoll_AnswersAtOnce_WhenEcsApiIsStopping()
    {
        var last = (await _internal.ChangesAsync(after: 0))["lastSequence"]!.GetValue<long>();

        var waiting = _internal.ChangesAsync(after: last, waitSeconds: 25);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        _factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var page = await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Empty(page["changes"]!.AsArray());
        Assert.Equal(last, page["lastSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task Reports_MoveTasksForwardOnly_AndKeepTheUsersStopReason()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var arn = (await _ecs.RunTaskAsync())["taskArn"].Text();

        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "RUNNING", "startedAt": 1795503218.5, "containers": [{"name": "nginx", "lastStatus": "RUNNING", "runtimeId": "abc"}]}]}""");
        var ignored = await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "PENDING"}, {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/demo/0123456789abcdef0123456789abcdef", "lastStatus": "RUNNING"}]}""");
        var running = await Describe(arn);
        await _ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}", "reason": "mine"}""");
        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "STOPPED", "stopCode": "EssentialContainerExited", "stoppedReason": "theirs", "stoppedAt": 1795503300, "containers": [{"name": "nginx", "lastStatus": "STOPPED", "exitCode": 137}]}]}""");
        var stopped = await Describe(arn);

        Assert.Equal(2, ignored["ignored"]!.AsArray().Count);
        Assert.Equal("RUNNING", running["lastStatus"].Text());
        Assert.Equal(1795503218.5, running["startedAt"]!.GetValue<double>());
        Assert.Equal("abc", running["containers"]![0]!["runtimeId"].Text());
        Assert.Equal(2, running["version"]!.GetValue<int>());
        Assert.Equal("STOPPED", stopped["lastStatus"].Text());
        Assert.Equal("UserInitiated", stopped["stopCode"].Text());
        Assert.Equal("mine", stopped["stoppedReason"].Text());
        Assert.Equal(137, stopped["containers"]![0]!["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReportThatChangesNothing_CommitsNothing_AndAddsNothingToTheFeed()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var arn = (await _ecs.RunTaskAsync())["taskArn"].Text();
        var report = $$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "RUNNING", "startedAt": 1795503218.5, "containers": [{"name": "nginx", "lastStatus": "RUNNING", "runtimeId": "abc"}]}]}""";
        await _internal.ReportAsync(report);
        var (commits, head) = (await _factory.StorageCommitsAsync(), await HeadSequenceAsync());

        var repeated = await _internal.ReportAsync(report);

        Assert.Equal(0, repeated["applied"]!.GetValue<int>());
        Assert.Equal(commits, await _factory.StorageCommitsAsync());
        Assert.Equal(head, await HeadSequenceAsync());
    }

    [Fact]
    public async Task ATaskThatStopsByItself_IsNoLongerDesiredRunning()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        var arn = (await _ecs.RunTaskAsync())["taskArn"].Text();

        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{arn}}", "lastStatus": "STOPPED", "stopCode": "EssentialContainerExited", "stoppedReason": "Essential container in task exited"}]}""");

        var task = await Describe(arn);
        Assert.Equal("STOPPED", task["desiredStatus"].Text());
        Assert.Equal("EssentialContainerExited", task["stopCode"].Text());
        Assert.NotNull(task["stoppedAt"]);
    }

    [Fact]
    public async Task ClusterCounters_FollowTaskState_AndGuardDeleteCluster()
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.ServiceAsync(desiredCount: 0);
        var running = (await _ecs.RunTaskAsync())["taskArn"].Text();
        await _ecs.RunTaskAsync();
        await _internal.ReportAsync($$"""{"tasks": [{"taskArn": "{{running}}", "lastStatus": "RUNNING"}]}""");

        var cluster = (await _ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"], "include": ["STATISTICS"]}"""))["clusters"]![0]!;
        Assert.Equal(1, cluster["runningTasksCount"]!.GetValue<int>());
        Assert.Equal(1, cluster["pendingTasksCount"]!.GetValue<int>());
        Assert.Equal(1, cluster["activeServicesCount"]!.GetValue<int>());
        Assert.Contains(cluster["statistics"]!.AsArray(), s => s!["name"].Text() == "runningEC2TasksCount" && s["value"].Text() == "1");

        await _ecs.ExpectErrorAsync("DeleteCluster", """{"cluster": "demo"}""", "ClusterContainsServicesException", "while Services are active");
        await _ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc"}""");
        await _ecs.ExpectErrorAsync("DeleteCluster", """{"cluster": "demo"}""", "ClusterContainsTasksException", "while Tasks are active");
    }

    private async Task<long> HeadSequenceAsync() => (await _internal.ChangesAsync(after: 0))["headSequence"]!.GetValue<long>();

    private async Task<JsonNode> Describe(string arn) =>
        (await _ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{arn}}"]}"""))["tasks"]![0]!;
}
