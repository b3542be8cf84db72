using System.Text.Json.Nodes;
using Kecs.Scheduler.Kubernetes;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// Daemons on Kubernetes: one task pinned to every node, following the nodes as they come and go, replaced when it
/// stops, rolled out to a new revision a node at a time, and stopped everywhere when the daemon is deleted.
/// </summary>
public sealed class DaemonScenarios
{
    private const string DaemonArn = "arn:aws:ecs:us-east-1:123456789012:daemon/demo/agent";

    [Fact]
    public async Task A_daemon_keeps_one_task_per_node_as_nodes_come_and_go()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.AddNode("node-a");
        rig.Kube.AddNode("node-b");
        var created = await CreateDaemonAsync(rig, drainPercent: 25);

        await WaitForNodesAsync(rig, ["node-a", "node-b"], "a task on node-a and node-b");
        await WaitForDeploymentAsync(rig, created["deploymentArn"].Text(), "SUCCESSFUL");
        rig.Kube.AddNode("node-c");
        await WaitForNodesAsync(rig, ["node-a", "node-b", "node-c"], "a task on the new node-c too");
        rig.Kube.RemoveNode("node-b");
        await WaitForNodesAsync(rig, ["node-a", "node-c"], "node-b's task gone with it");
        var onA = (await RunningAsync(rig)).Single(t => NodeOf(rig, t) == "node-a");
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{onA["taskArn"].Text()}}"}""");
        await SchedulerRig.WaitUntilAsync(async () => (await RunningAsync(rig)).Any(t => NodeOf(rig, t) == "node-a" && t["taskArn"].Text() != onA["taskArn"].Text()),
            "a replacement on node-a");

        var running = await RunningAsync(rig);
        Assert.Equal(["node-a", "node-c"], running.Select(t => NodeOf(rig, t)).Order());
        Assert.All(running, t => Assert.Equal("daemon:agent", t["group"].Text()));
        var daemon = (await rig.Ecs.OkAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}"""))["daemon"]!;
        Assert.Equal(2, daemon["currentRevisions"]![0]!["totalRunningCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_new_revision_replaces_the_daemon_task_on_every_node()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.AddNode("node-a");
        rig.Kube.AddNode("node-b");
        rig.Kube.AddNode("node-c");
        var created = await CreateDaemonAsync(rig, drainPercent: 34);
        await WaitForDeploymentAsync(rig, created["deploymentArn"].Text(), "SUCCESSFUL");
        var before = await RunningAsync(rig);

        await RegisterAsync(rig, "public.ecr.aws/agent:2");
        var updated = await rig.Ecs.OkAsync("UpdateDaemon", $$"""
            {"daemonArn": "{{DaemonArn}}", "daemonTaskDefinitionArn": "agent:2", "capacityProviderArns": ["nodes"], "deploymentConfiguration": {"drainPercent": 34} }
            """);
        var deployment = await WaitForDeploymentAsync(rig, updated["deploymentArn"].Text(), "SUCCESSFUL");
        var after = await RunningAsync(rig);
        var replaced = await DescribeAsync(rig, before.Select(t => t["taskArn"].Text()));

        Assert.Equal(["node-a", "node-b", "node-c"], after.Select(t => NodeOf(rig, t)).Order());
        Assert.All(after, t => Assert.EndsWith("daemon-task-definition/agent:2", t["taskDefinitionArn"].Text()));
        Assert.All(replaced, t => Assert.Equal("STOPPED", t["lastStatus"].Text()));
        Assert.Equal(3, deployment["targetDaemonRevision"]!["totalRunningInstanceCount"]!.GetValue<int>());
        Assert.All(replaced, t => Assert.Equal($"Task replaced by daemon deployment {updated["deploymentArn"].Text()}", t["stoppedReason"].Text()));
    }

    [Fact]
    public async Task A_deleted_daemon_stops_its_task_on_every_node_and_is_gone()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.AddNode("node-a");
        rig.Kube.AddNode("node-b");
        await CreateDaemonAsync(rig, drainPercent: 25);
        await WaitForNodesAsync(rig, ["node-a", "node-b"], "a task on both nodes");

        var deleted = await rig.Ecs.OkAsync("DeleteDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}""");
        await WaitForDeploymentAsync(rig, deleted["deploymentArn"].Text(), "SUCCESSFUL");

        Assert.Empty(await RunningAsync(rig));
        Assert.Empty(rig.Kube.Pods());
        await rig.Ecs.ExpectErrorAsync("DescribeDaemon", $$"""{"daemonArn": "{{DaemonArn}}"}""", "DaemonNotFoundException", "was not found");
    }

    private static async Task<JsonNode> CreateDaemonAsync(SchedulerRig rig, int drainPercent)
    {
        await rig.Ecs.OkAsync("CreateCapacityProvider", """
            {"name": "nodes", "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/nodes"}}
            """);
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo", "capacityProviders": ["nodes"]}""");
        await RegisterAsync(rig, "public.ecr.aws/agent:1");
        return await rig.Ecs.OkAsync("CreateDaemon", $$"""
            {"daemonName": "agent", "clusterArn": "demo", "daemonTaskDefinitionArn": "agent:1", "capacityProviderArns": ["nodes"],
             "deploymentConfiguration": {"drainPercent": {{drainPercent}} } }
            """);
    }

    private static Task<JsonNode> RegisterAsync(SchedulerRig rig, string image) => rig.Ecs.OkAsync("RegisterDaemonTaskDefinition", $$"""
        {"family": "agent", "containerDefinitions": [{"name": "agent", "image": "{{image}}", "memory": 64}]}
        """);

    /// <summary>Waits until exactly these nodes each run one RUNNING daemon task, and no other daemon task is left.</summary>
    private static Task WaitForNodesAsync(SchedulerRig rig, string[] nodes, string what) =>
        SchedulerRig.WaitUntilAsync(async () =>
        {
            var running = await RunningAsync(rig);
            var live = (await rig.Ecs.OkAsync("ListTasks", """{"cluster": "demo", "daemonName": "agent"}"""))["taskArns"]!.AsArray().Count;
            return live == nodes.Length && running.Select(t => NodeOf(rig, t)).Order().SequenceEqual(nodes);
        }, what);

    private static async Task<JsonNode> WaitForDeploymentAsync(SchedulerRig rig, string deploymentArn, string status)
    {
        JsonNode deployment = null!;
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            deployment = (await rig.Ecs.OkAsync("DescribeDaemonDeployments", $$"""{"daemonDeploymentArns": ["{{deploymentArn}}"]}"""))["daemonDeployments"]![0]!;
            return deployment["status"].Text() == status;
        }, $"daemon deployment {status}");
        return deployment;
    }

    /// <summary>The daemon's tasks that run now.</summary>
    private static async Task<List<JsonNode>> RunningAsync(SchedulerRig rig)
    {
        var arns = (await rig.Ecs.OkAsync("ListTasks", """{"cluster": "demo", "daemonName": "agent"}"""))["taskArns"]!.AsArray().Select(a => a.Text()).ToList();
        return arns.Count == 0 ? [] : (await DescribeAsync(rig, arns)).Where(t => t["lastStatus"].Text() == "RUNNING").ToList();
    }

    private static async Task<List<JsonNode>> DescribeAsync(SchedulerRig rig, IEnumerable<string> taskArns) =>
        (await rig.Ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": [{{string.Join(", ", taskArns.Select(arn => $"\"{arn}\""))}}]}"""))
        ["tasks"]!.AsArray().Select(t => t!).ToList();

    /// <summary>The node the task's pod is bound to.</summary>
    private static string? NodeOf(SchedulerRig rig, JsonNode task) =>
        rig.Kube!.Pods().FirstOrDefault(p => p["metadata"]!["annotations"]?[KubeLabels.TaskArnAnnotation]?.GetValue<string>() == task["taskArn"].Text())
            ?["spec"]?["nodeName"]?.GetValue<string>();
}
