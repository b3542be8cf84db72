using System.Globalization;
using System.Text.Json.Nodes;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// The deployment history behind ListServiceDeployments, DescribeServiceDeployments,
/// DescribeServiceRevisions and StopServiceDeployment, followed as Terraform's steady-state wait does.
/// </summary>
public sealed class ServiceDeploymentHistoryScenarios
{
    [Fact]
    public async Task Creating_a_service_records_a_deployment_that_succeeds_with_its_revision()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 2);
        var service = await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the rollout completed");
        var deploymentId = service["deployments"]![0]!["id"].Text();

        var listed = (await rig.Ecs.OkAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc"}"""))["serviceDeployments"]!.AsArray();
        var brief = Assert.Single(listed)!;
        Assert.Equal(service["currentServiceDeployment"].Text(), brief["serviceDeploymentArn"].Text());
        Assert.Matches(@"^arn:aws:ecs:us-east-1:\d{12}:service-deployment/demo/websvc/[A-Za-z0-9_-]{21}$", brief["serviceDeploymentArn"].Text());
        Assert.Equal(
            service["serviceArn"].Text().Replace(":service/", ":service-revision/") + "/" + deploymentId["ecs-svc/".Length..],
            brief["targetServiceRevisionArn"].Text());

        var deployment = await DescribeDeploymentAsync(rig, brief["serviceDeploymentArn"].Text());
        Assert.Equal("SUCCESSFUL", deployment["status"].Text());
        Assert.True(deployment["finishedAt"]!.GetValue<double>() >= deployment["startedAt"]!.GetValue<double>());
        Assert.Equal(2, deployment["targetServiceRevision"]!["requestedTaskCount"]!.GetValue<int>());
        Assert.Equal(2, deployment["targetServiceRevision"]!["runningTaskCount"]!.GetValue<int>());
        Assert.Empty(deployment["sourceServiceRevisions"]!.AsArray());
        Assert.Equal("DISABLED", deployment["deploymentCircuitBreaker"]!["status"].Text());
        Assert.Equal(100, deployment["deploymentConfiguration"]!["minimumHealthyPercent"]!.GetValue<int>());

        var revisions = await rig.Ecs.OkAsync("DescribeServiceRevisions",
            $$"""{"serviceRevisionArns": ["{{brief["targetServiceRevisionArn"].Text()}}", "{{brief["targetServiceRevisionArn"].Text()}}0"]}""");
        var revision = Assert.Single(revisions["serviceRevisions"]!.AsArray())!;
        Assert.EndsWith("task-definition/web:1", revision["taskDefinition"].Text());
        Assert.Equal("nginx:1.25", revision["containerImages"]![0]!["image"].Text());
        Assert.Equal("MISSING", revisions["failures"]![0]!["reason"].Text());
        var current = Assert.Single(service["currentServiceRevisions"]!.AsArray())!;
        Assert.Equal(brief["targetServiceRevisionArn"].Text(), current["arn"].Text());
        Assert.Equal(2, current["runningTaskCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Terraforms_steady_state_wait_finds_the_update_and_sees_it_succeed()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 2);
        var before = await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the first rollout completed");
        var operationTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);

        var updated = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}"""))["service"]!;
        var primaryId = updated["deployments"]!.AsArray().Single(d => d!["status"].Text() == "PRIMARY")!["id"].Text()["ecs-svc/".Length..];

        var after = operationTime.ToString(CultureInfo.InvariantCulture);
        var created = await rig.Ecs.OkAsync("ListServiceDeployments", $$$"""
            {"cluster": "demo", "service": "websvc", "createdAt": {"after": {{{after}}}}}
            """);
        var brief = Assert.Single(created["serviceDeployments"]!.AsArray())!;
        Assert.Contains(primaryId, brief["targetServiceRevisionArn"].Text());
        Assert.Equal(updated["currentServiceDeployment"].Text(), brief["serviceDeploymentArn"].Text());

        JsonNode deployment = null!;
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            deployment = await DescribeDeploymentAsync(rig, brief["serviceDeploymentArn"].Text());
            Assert.Contains(deployment["status"].Text(), new[] { "PENDING", "IN_PROGRESS", "SUCCESSFUL" });
            return deployment["status"].Text() == "SUCCESSFUL";
        }, "the update's service deployment SUCCESSFUL");
        var source = Assert.Single(deployment["sourceServiceRevisions"]!.AsArray())!;
        Assert.EndsWith(before["deployments"]![0]!["id"].Text()["ecs-svc/".Length..], source["arn"].Text());
        Assert.Equal(0, source["runningTaskCount"]!.GetValue<int>());

        var successful = await rig.Ecs.OkAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc", "status": ["SUCCESSFUL"], "maxResults": 1}""");
        Assert.Equal(brief["serviceDeploymentArn"].Text(), successful["serviceDeployments"]![0]!["serviceDeploymentArn"].Text());
        var next = await rig.Ecs.OkAsync("ListServiceDeployments",
            $$"""{"cluster": "demo", "service": "websvc", "status": ["SUCCESSFUL"], "nextToken": "{{successful["nextToken"].Text()}}"}""");
        Assert.NotEqual(brief["serviceDeploymentArn"].Text(), Assert.Single(next["serviceDeployments"]!.AsArray())!["serviceDeploymentArn"].Text());
        Assert.Null(next["nextToken"]);
    }

    [Fact]
    public async Task A_deployment_started_while_another_is_in_progress_stops_it()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await CreateServiceAsync(rig, desiredCount: 1);
        await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the first rollout completed");
        rig.Kube!.Kubelet.Immediate = false;

        var first = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "forceNewDeployment": true}"""))["service"]!;
        var second = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "forceNewDeployment": true}"""))["service"]!;

        var stopped = await DescribeDeploymentAsync(rig, first["currentServiceDeployment"].Text());
        Assert.Equal("STOPPED", stopped["status"].Text());
        Assert.Equal($"Stopped because service deployment {second["currentServiceDeployment"].Text()} started.", stopped["statusReason"].Text());
        Assert.NotNull(stopped["stoppedAt"]);
        var ongoing = await DescribeDeploymentAsync(rig, second["currentServiceDeployment"].Text());
        Assert.Equal("IN_PROGRESS", ongoing["status"].Text());
        Assert.Equal(2, ongoing["sourceServiceRevisions"]!.AsArray().Count);
    }

    [Fact]
    public async Task StopServiceDeployment_rolls_a_stuck_deployment_back_to_the_last_completed_one()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await CreateServiceAsync(rig, desiredCount: 2);
        var completed = await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the first rollout completed");
        var firstArn = completed["currentServiceDeployment"].Text();
        rig.Kube!.Kubelet.Immediate = false;
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        var stuck = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}"""))["service"]!;
        var stuckArn = stuck["currentServiceDeployment"].Text();

        var conflict = await rig.Ecs.ErrorAsync("StopServiceDeployment", $$"""{"serviceDeploymentArn": "{{firstArn}}"}""");
        Assert.Equal("ConflictException", conflict["__type"].Text());
        Assert.Equal("ServiceDeploymentNotFoundException",
            (await rig.Ecs.ErrorAsync("StopServiceDeployment", $$"""{"serviceDeploymentArn": "{{stuckArn}}x"}"""))["__type"].Text());
        Assert.Equal("InvalidParameterException",
            (await rig.Ecs.ErrorAsync("StopServiceDeployment", $$"""{"serviceDeploymentArn": "{{stuckArn}}", "stopType": "ABORT"}"""))["__type"].Text());

        var answer = await rig.Ecs.OkAsync("StopServiceDeployment", $$"""{"serviceDeploymentArn": "{{stuckArn}}", "stopType": "ROLLBACK"}""");
        Assert.Equal(stuckArn, answer["serviceDeploymentArn"].Text());
        var rollingBack = await DescribeDeploymentAsync(rig, stuckArn);
        Assert.Equal("ROLLBACK_IN_PROGRESS", rollingBack["status"].Text());
        Assert.Equal("StopServiceDeployment requested a rollback.", rollingBack["rollback"]!["reason"].Text());
        rig.Kube.Kubelet.Immediate = true;

        var rolledBack = await WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 2, "rolled back");
        Assert.EndsWith("web:1", rolledBack["taskDefinition"].Text());
        var done = await DescribeDeploymentAsync(rig, stuckArn);
        Assert.Equal("ROLLBACK_SUCCESSFUL", done["status"].Text());
        Assert.Contains(rolledBack["deployments"]![0]!["id"].Text()["ecs-svc/".Length..], done["rollback"]!["serviceRevisionArn"].Text());
        var revision = (await rig.Ecs.OkAsync("DescribeServiceRevisions",
            $$"""{"serviceRevisionArns": ["{{done["rollback"]!["serviceRevisionArn"].Text()}}"]}"""))["serviceRevisions"]![0]!;
        Assert.EndsWith("web:1", revision["taskDefinition"].Text());
    }

    [Fact]
    public async Task Deleting_a_service_deletes_its_deployments()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 1);
        var service = await WaitForServiceAsync(rig, s => Running(s) == 1, "1 running");

        await rig.Ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc", "force": true}""");

        Assert.Empty((await rig.Ecs.OkAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc"}"""))["serviceDeployments"]!.AsArray());
        var described = await rig.Ecs.OkAsync("DescribeServiceDeployments", $$"""{"serviceDeploymentArns": ["{{service["currentServiceDeployment"].Text()}}"]}""");
        Assert.Equal("MISSING", described["failures"]![0]!["reason"].Text());
        Assert.Equal("ServiceNotFoundException",
            (await rig.Ecs.ErrorAsync("ListServiceDeployments", """{"cluster": "demo", "service": "nosuch"}"""))["__type"].Text());
        Assert.Equal("InvalidParameterException",
            (await rig.Ecs.ErrorAsync("ListServiceDeployments", """{"cluster": "demo", "service": "websvc", "status": ["DONE"]}"""))["__type"].Text());
    }
}
