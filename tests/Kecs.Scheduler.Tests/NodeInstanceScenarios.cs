using System.Text.Json.Nodes;
using Kecs.Scheduler.Kubernetes;

namespace Kecs.Scheduler.Tests;

/// <summary>Kubernetes nodes as container instances of every cluster, following the nodes as they come, change and go.</summary>
public sealed class NodeInstanceScenarios
{
    [Fact]
    public async Task The_AWS_CLI_lists_the_nodes_of_the_cluster_as_container_instances()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var uidA = rig.Kube!.AddNode("node-a", labels: new() { ["topology.kubernetes.io/zone"] = "us-east-1a", ["node.kubernetes.io/instance-type"] = "m5.xlarge" });
        var uidB = rig.Kube.AddNode("node-b", cpus: 2, memoryMiB: 4096);
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");

        List<string> arns = [];
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            var listed = await AwsCli.RunAsync(rig.Ecs.Http.BaseAddress!.ToString(), TestContext.Current.CancellationToken,
                "ecs", "list-container-instances", "--cluster", "demo");
            arns = listed["containerInstanceArns"]!.AsArray().Select(a => a.Text()).ToList();
            return arns.Count == 2;
        }, "two container instances");
        var a = await DescribeAsync(rig, uidA);

        Assert.Equal(new[] { InstanceId(uidA), InstanceId(uidB) }.Order(), arns.Select(arn => arn[^32..]).Order());
        Assert.Equal(("ACTIVE", true, "i-node-a"), (a["status"].Text(), a["agentConnected"]!.GetValue<bool>(), a["ec2InstanceId"].Text()));
        Assert.Equal((4096, 8192), (Resource(a, "registeredResources", "CPU"), Resource(a, "registeredResources", "MEMORY")));
        Assert.Equal("us-east-1a", Attribute(a, "ecs.availability-zone"));
        Assert.Equal("m5.xlarge", Attribute(a, "ecs.instance-type"));
        Assert.Equal(("linux", "x86_64"), (Attribute(a, "ecs.os-type"), Attribute(a, "ecs.cpu-architecture")));
        var cluster = (await rig.Ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"]}"""))["clusters"]![0]!;
        Assert.Equal(2, cluster["registeredContainerInstancesCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_nodes_instance_counts_its_tasks_turns_DRAINING_when_cordoned_and_goes_with_the_node()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var uidA = rig.Kube!.AddNode("node-a");
        var uidB = rig.Kube.AddNode("node-b");

        var task = await rig.RunTaskAsync(TaskDefinitions.Web);
        var busy = await WaitForInstanceAsync(rig, uidA, i => i["runningTasksCount"]!.GetValue<int>() == 1, "a task running on node-a");
        var placed = await rig.WaitForTaskAsync(task["taskArn"].Text(), t => t["containerInstanceArn"] is not null, "the task's container instance");
        rig.Kube.Cordon("node-b");
        await WaitForInstanceAsync(rig, uidB, i => i["status"].Text() == "DRAINING", "node-b DRAINING");
        rig.Kube.RemoveNode("node-b");
        await SchedulerRig.WaitUntilAsync(async () => (await rig.Ecs.OkAsync("ListContainerInstances", """{"cluster": "demo"}"""))
            ["containerInstanceArns"]!.AsArray().Count == 1, "node-b's instance gone");

        Assert.True(Resource(busy, "remainingResources", "MEMORY") < Resource(busy, "registeredResources", "MEMORY"));
        Assert.Equal(busy["containerInstanceArn"].Text(), placed["containerInstanceArn"].Text());
        await rig.Ecs.ExpectErrorAsync("PutAttributes",
            $$"""{"cluster": "demo", "attributes": [{"name": "stack", "value": "prod", "targetId": "{{InstanceId(uidA)}}"}]}""",
            "InvalidParameterException", "is a Kubernetes node");
    }

    [Fact]
    public async Task StartTask_on_a_nodes_instance_runs_the_task_on_that_node()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.AddNode("node-a");
        var uidB = rig.Kube.AddNode("node-b");
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        await WaitForInstanceAsync(rig, uidB, _ => true, "node-b's instance");

        var started = await rig.Ecs.OkAsync("StartTask", $$"""{"cluster": "demo", "taskDefinition": "web", "containerInstances": ["{{InstanceId(uidB)}}"]}""");
        var taskArn = started["tasks"]![0]!["taskArn"].Text();
        var running = await rig.WaitForStatusAsync(taskArn, "RUNNING");
        var pod = await rig.WaitForPodAsync(p => p["metadata"]!["annotations"]?[KubeLabels.TaskArnAnnotation]?.GetValue<string>() == taskArn, "the task's pod");

        Assert.Equal("node-b", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.EndsWith(InstanceId(uidB), running["containerInstanceArn"].Text());
        Assert.Empty(started["failures"]!.AsArray());
    }

    [Fact]
    public async Task Draining_a_nodes_instance_cordons_the_node_and_moves_its_service_tasks_within_the_deployment_limits()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var uidA = rig.Kube!.AddNode("node-a");
        rig.Kube.AddNode("node-b");
        await ServiceSteps.CreateServiceAsync(rig, desiredCount: 2, """, "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 100}""");
        await ServiceSteps.WaitForServiceAsync(rig, s => s["runningCount"]!.GetValue<int>() == 2, "two tasks running");
        var before = await ServiceSteps.ServiceTasksAsync(rig);
        Assert.All(before, t => Assert.EndsWith(InstanceId(uidA), t["containerInstanceArn"].Text()));

        var drained = await AwsCli.RunAsync(rig.Ecs.Http.BaseAddress!.ToString(), TestContext.Current.CancellationToken,
            "ecs", "update-container-instances-state", "--cluster", "demo", "--container-instances", InstanceId(uidA), "--status", "DRAINING");
        await SchedulerRig.WaitUntilAsync(() => Node(rig, "node-a")["spec"]?["unschedulable"]?.GetValue<bool>() == true, "node-a cordoned");
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            var tasks = await ServiceSteps.ServiceTasksAsync(rig);
            return tasks.Count == 2 && tasks.All(t => t["lastStatus"].Text() == "RUNNING" && !t["containerInstanceArn"].Text().EndsWith(InstanceId(uidA)));
        }, "both service tasks running on node-b");
        var stopped = await ServiceSteps.ServiceTasksAsync(rig, "STOPPED");
        var emptied = await WaitForInstanceAsync(rig, uidA, i => i["runningTasksCount"]!.GetValue<int>() == 0, "node-a's instance without tasks");
        await ServiceSteps.WaitForServiceAsync(rig, s => s["deployments"]!.AsArray().Count == 1 && s["runningCount"]!.GetValue<int>() == 2, "the service steady");
        await rig.Ecs.OkAsync("UpdateContainerInstancesState", $$"""{"cluster": "demo", "containerInstances": ["{{InstanceId(uidA)}}"], "status": "ACTIVE"}""");
        await SchedulerRig.WaitUntilAsync(() => Node(rig, "node-a")["spec"]?["unschedulable"]?.GetValue<bool>() != true, "node-a uncordoned");
        var active = await WaitForInstanceAsync(rig, uidA, i => i["status"].Text() == "ACTIVE", "node-a's instance ACTIVE again");

        Assert.Equal("DRAINING", drained["containerInstances"]![0]!["status"].Text());
        Assert.Equal(before.Select(t => t["taskArn"].Text()).Order(), stopped.Select(t => t["taskArn"].Text()).Order());
        Assert.All(stopped, t => Assert.Equal("Task stopped because its container instance is DRAINING", t["stoppedReason"].Text()));
        Assert.Equal("DRAINING", emptied["status"].Text());
        Assert.Equal(0, active["runningTasksCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_memberOf_constraint_puts_the_tasks_pod_on_a_node_whose_attributes_match()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.AddNode("node-a", labels: new() { ["topology.kubernetes.io/zone"] = "us-east-1a" });
        var uidB = rig.Kube.AddNode("node-b", labels: new() { ["topology.kubernetes.io/zone"] = "us-east-1b" });
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        await WaitForInstanceAsync(rig, uidB, _ => true, "node-b's instance");

        var run = await rig.Ecs.OkAsync("RunTask", """
            {"cluster": "demo", "taskDefinition": "web", "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.availability-zone == us-east-1b"}]}
            """);
        var taskArn = run["tasks"]![0]!["taskArn"].Text();
        await rig.WaitForStatusAsync(taskArn, "RUNNING");
        var pod = await rig.WaitForPodAsync(p => p["metadata"]!["annotations"]?[KubeLabels.TaskArnAnnotation]?.GetValue<string>() == taskArn, "the task's pod");

        Assert.Equal("node-b", pod["spec"]!["nodeName"]!.GetValue<string>());
    }

    private static JsonObject Node(SchedulerRig rig, string name) =>
        rig.Kube!.Store.Get("nodes", "", name) ?? throw new InvalidOperationException($"No node {name}.");

    private static async Task<JsonNode> WaitForInstanceAsync(SchedulerRig rig, string uid, Func<JsonNode, bool> condition, string what)
    {
        JsonNode instance = null!;
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            var described = await rig.Ecs.OkAsync("DescribeContainerInstances", $$"""{"cluster": "demo", "containerInstances": ["{{InstanceId(uid)}}"]}""");
            return described["containerInstances"]!.AsArray().FirstOrDefault() is { } found && condition(instance = found);
        }, what);
        return instance;
    }

    private static async Task<JsonNode> DescribeAsync(SchedulerRig rig, string uid) =>
        (await rig.Ecs.OkAsync("DescribeContainerInstances", $$"""{"cluster": "demo", "containerInstances": ["{{InstanceId(uid)}}"]}"""))
        ["containerInstances"]![0]!;

    private static string InstanceId(string uid) => uid.Replace("-", "", StringComparison.Ordinal);

    private static int Resource(JsonNode instance, string member, string name) =>
        instance[member]!.AsArray().Single(r => r!["name"].Text() == name)!["integerValue"]!.GetValue<int>();

    private static string Attribute(JsonNode instance, string name) =>
        instance["attributes"]!.AsArray().Single(x => x!["name"].Text() == name)!["value"].Text();
}
