using System.Text.Json.Nodes;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>A blue/green deployment end to end: green beside blue, a PAUSE hook holding it, ContinueServiceDeployment finishing it.</summary>
public sealed class BlueGreenScenarios
{
    private const string BlueGreen = """
        , "deploymentConfiguration": {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0, "maximumPercent": 100, "minimumHealthyPercent": 100,
          "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_SCALE_UP"]}]}
        """;

    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task Green_runs_beside_blue_while_paused_and_blue_goes_once_continued(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 2, BlueGreen);
        await ContinueAsync(rig, await WaitForPausedAsync(rig));
        await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 2, "the first deployment completed");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web.Replace("nginx:1.25", "nginx:1.27"));

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}""");
        var paused = await WaitForPausedAsync(rig);
        var whilePaused = await ServiceTasksAsync(rig);
        await ContinueAsync(rig, paused);
        var done = await WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 2, "green completed");

        Assert.Equal(4, whilePaused.Count);
        Assert.Equal(2, whilePaused.Count(t => t["taskDefinitionArn"].Text().EndsWith("web:2", StringComparison.Ordinal)));
        Assert.All(await ServiceTasksAsync(rig), t => Assert.EndsWith("web:2", t["taskDefinitionArn"].Text()));
        var deployment = await DescribeDeploymentAsync(rig, done["currentServiceDeployment"].Text());
        Assert.Equal(("SUCCESSFUL", "CLEAN_UP"), (deployment["status"].Text(), deployment["lifecycleStage"].Text()));
    }

    private static async Task<JsonNode> WaitForPausedAsync(SchedulerRig rig)
    {
        JsonNode deployment = null!;
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            deployment = await DescribeDeploymentAsync(rig, (await DescribeServiceAsync(rig))["currentServiceDeployment"].Text());
            return deployment["lifecycleHookDetails"]?.AsArray().Any(h => h!["status"].Text() == "AWAITING_ACTION") == true;
        }, "a hook AWAITING_ACTION");
        return deployment;
    }

    private static Task ContinueAsync(SchedulerRig rig, JsonNode deployment) =>
        rig.Ecs.OkAsync("ContinueServiceDeployment", $$"""
            {"serviceDeploymentArn": "{{deployment["serviceDeploymentArn"].Text()}}",
             "hookId": "{{deployment["lifecycleHookDetails"]!.AsArray().First(h => h!["status"].Text() == "AWAITING_ACTION")!["hookId"].Text()}}"}
            """);
}
