using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>The steps service scenarios share: one service <c>websvc</c> in cluster <c>demo</c>, described and waited on.</summary>
public static class ServiceSteps
{
    public static TheoryData<string> Runtimes => ["simulated", "kubernetes"];

    public static async Task<SchedulerRig> StartAsync(string runtime) =>
        runtime == "simulated" ? SchedulerRig.Simulated() : await SchedulerRig.OnFakeKubernetesAsync();

    public static async Task CreateServiceAsync(SchedulerRig rig, int desiredCount, string extra = "")
    {
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        await rig.Ecs.OkAsync("CreateService",
            $$"""{"cluster": "demo", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": {{desiredCount}}{{extra}}}""");
    }

    /// <summary>
    /// Every task the service started, whatever its status. A task can move from the RUNNING list to the
    /// STOPPED one between the two calls, so each task counts once, as last seen.
    /// </summary>
    public static async Task<List<JsonNode>> AllServiceTasksAsync(SchedulerRig rig) =>
        [.. (await ServiceTasksAsync(rig, "RUNNING")).Concat(await ServiceTasksAsync(rig, "STOPPED"))
            .GroupBy(t => t["taskArn"].Text()).Select(g => g.Last())];

    public static async Task<JsonNode> WaitForServiceAsync(SchedulerRig rig, Func<JsonNode, bool> condition, string what)
    {
        JsonNode service = null!;
        await SchedulerRig.WaitUntilAsync(async () => condition(service = await DescribeServiceAsync(rig)), what);
        return service;
    }

    public static async Task<JsonNode> DescribeServiceAsync(SchedulerRig rig) =>
        (await rig.Ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!;

    public static async Task<List<JsonNode>> ServiceTasksAsync(SchedulerRig rig, string desiredStatus = "RUNNING")
    {
        var arns = (await rig.Ecs.OkAsync("ListTasks", $$"""{"cluster": "demo", "serviceName": "websvc", "desiredStatus": "{{desiredStatus}}"}"""))["taskArns"]!
            .AsArray().Select(a => a!.GetValue<string>()).ToList();
        if (arns.Count == 0)
        {
            return [];
        }

        var described = await rig.Ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": {{new JsonArray(arns.Select(a => (JsonNode)a).ToArray()).ToJsonString()}}}""");
        return described["tasks"]!.AsArray().Select(t => t!).ToList();
    }

    public static int Running(JsonNode service) => service["runningCount"]!.GetValue<int>();

    public static List<string> Events(JsonNode service) => service["events"]!.AsArray().Select(e => e!["message"].Text()).ToList();

    public static async Task<JsonNode> DescribeDeploymentAsync(SchedulerRig rig, string serviceDeploymentArn) =>
        (await rig.Ecs.OkAsync("DescribeServiceDeployments", $$"""{"serviceDeploymentArns": ["{{serviceDeploymentArn}}"]}"""))["serviceDeployments"]![0]!;

    /// <summary>
    /// One observation of a rollout's bounds: healthy tasks are the service's runningCount (read in one
    /// transaction, so it is a true instant), all tasks those the two ListTasks calls saw not yet STOPPED
    /// (a task created between the calls can only be missed, never counted twice).
    /// </summary>
    public static (int Healthy, int Total) Sample(JsonNode service, List<JsonNode> tasks) =>
        (Running(service), tasks.Count(t => t["lastStatus"].Text() != "STOPPED"));
}
