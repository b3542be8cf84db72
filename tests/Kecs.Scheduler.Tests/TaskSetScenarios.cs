using System.Text.Json.Nodes;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>A blue/green switch driven through task sets, as an external deployment controller drives one.</summary>
public sealed class TaskSetScenarios
{
    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task Each_task_set_runs_its_share_and_a_deleted_one_drains_and_goes(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web.Replace("nginx:1.25", "nginx:1.27"));
        await rig.Ecs.OkAsync("CreateService",
            """{"cluster": "demo", "serviceName": "websvc", "desiredCount": 4, "deploymentController": {"type": "EXTERNAL"} }""");

        var blue = await CreateTaskSetAsync(rig, "web:1", 100);
        await WaitForTaskSetsAsync(rig, sets => RunningOf(sets, blue) == 4, "blue runs 4");
        var green = await CreateTaskSetAsync(rig, "web:2", 50);
        await WaitForTaskSetsAsync(rig, sets => RunningOf(sets, green) == 2 && RunningOf(sets, blue) == 4, "green runs 2 beside blue's 4");
        await rig.Ecs.OkAsync("UpdateTaskSet", $$"""{"cluster": "demo", "service": "websvc", "taskSet": "{{green}}", "scale": {"value": 100} }""");
        await rig.Ecs.OkAsync("UpdateServicePrimaryTaskSet", $$"""{"cluster": "demo", "service": "websvc", "primaryTaskSet": "{{green}}"}""");
        await rig.Ecs.OkAsync("DeleteTaskSet", $$"""{"cluster": "demo", "service": "websvc", "taskSet": "{{blue}}", "force": true}""");

        var after = await WaitForTaskSetsAsync(rig, sets => sets.Count == 1 && RunningOf(sets, green) == 4, "blue gone, green runs 4");

        Assert.Equal("PRIMARY", after[0]["status"].Text());
        Assert.Equal("STEADY_STATE", after[0]["stabilityStatus"].Text());
        var running = await ServiceTasksAsync(rig);
        Assert.Equal(4, running.Count);
        Assert.All(running, t => Assert.Equal(green, t["startedBy"].Text()));
        Assert.All(running, t => Assert.EndsWith("web:2", t["taskDefinitionArn"].Text()));
        var stopped = (await ServiceTasksAsync(rig, "STOPPED")).Where(t => t["startedBy"].Text() == blue).ToList();
        Assert.Equal(4, stopped.Count);
        Assert.All(stopped, t => Assert.Equal($"Task set {blue} was deleted", t["stoppedReason"].Text()));
    }

    [Fact]
    public async Task A_code_deploy_service_runs_its_first_task_set()
    {
        await using var rig = SchedulerRig.Simulated();

        await CreateServiceAsync(rig, desiredCount: 2, """, "deploymentController": {"type": "CODE_DEPLOY"}""");

        var sets = await WaitForTaskSetsAsync(rig, sets => sets.Count == 1 && sets[0]["runningCount"]!.GetValue<int>() == 2, "the first task set runs 2");
        Assert.All(await ServiceTasksAsync(rig), t => Assert.Equal(sets[0]["id"].Text(), t["startedBy"].Text()));
    }

    private static async Task<string> CreateTaskSetAsync(SchedulerRig rig, string taskDefinition, int percent) =>
        (await rig.Ecs.OkAsync("CreateTaskSet",
            $$"""{"cluster": "demo", "service": "websvc", "taskDefinition": "{{taskDefinition}}", "scale": {"value": {{percent}}, "unit": "PERCENT"} }"""))
        ["taskSet"]!["id"].Text();

    private static async Task<List<JsonNode>> WaitForTaskSetsAsync(SchedulerRig rig, Func<List<JsonNode>, bool> condition, string what)
    {
        var service = await WaitForServiceAsync(rig, s => condition(s["taskSets"]!.AsArray().Select(t => t!).ToList()), what);
        return service["taskSets"]!.AsArray().Select(t => t!).ToList();
    }

    private static int RunningOf(List<JsonNode> taskSets, string id) =>
        taskSets.FirstOrDefault(t => t["id"].Text() == id)?["runningCount"]!.GetValue<int>() ?? -1;
}
