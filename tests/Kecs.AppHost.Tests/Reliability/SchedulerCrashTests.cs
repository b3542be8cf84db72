using System.Text.Json.Nodes;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests.Reliability;

/// <summary>
/// The Scheduler killed with SIGKILL while a rolling update is under way on Kubernetes (the fake API server, its
/// kubelet starting and stopping one pod at a time): once the AppHost has restarted it, the rollout completes, no
/// task has two pods, and no pod is left without a live task.
/// </summary>
[Trait("Category", "reliability")]
public sealed class SchedulerCrashTests
{
    private const int Kills = 3;
    private const int DesiredCount = 6;
    private const string TaskIdLabel = "kecs.dev/task-id";
    private const string RevisionLabel = "kecs.dev/revision";
    private static readonly TimeSpan KubeletStep = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_rolling_update_interrupted_by_SIGKILLs_of_the_Scheduler_completes_with_one_pod_per_task()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        await using var appHost = AppHostProcess.StartOnKubernetes(kube, new()
        {
            ["Kecs__Restart__FirstDelay"] = "00:00:00.1",
            ["Kecs__Restart__LongestDelay"] = "00:00:00.1",
        });
        await appHost.WaitUntilReadyAsync(Cancellation);
        var ecs = appHost.Ecs();
        await ecs.OkAsync("CreateCluster", """{"clusterName": "rollout"}""");
        await ecs.RegisterAsync("""{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64}]}""");
        await ecs.OkAsync("CreateService", $$"""
            {"cluster": "rollout", "serviceName": "web", "taskDefinition": "web", "desiredCount": {{DesiredCount}},
             "deploymentConfiguration": {"maximumPercent": 150, "minimumHealthyPercent": 50} }
            """);
        await WaitForCompletedRolloutAsync(ecs);

        kube.Kubelet.Immediate = false;
        using var stopKubelet = new CancellationTokenSource();
        var kubelet = RunSlowKubeletAsync(kube, stopKubelet.Token);
        await ecs.RegisterAsync("""{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.26", "memory": 64}]}""");
        await ecs.OkAsync("UpdateService", """{"cluster": "rollout", "service": "web", "taskDefinition": "web:2"}""");

        var killedMidRollout = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            await Eventually.TrueAsync(async () => kube.Pods().Count(p => Label(p, RevisionLabel) == "2") >= kill * 2 || await Completed(ecs), "new pods");
            if (await Completed(ecs))
            {
                break;
            }

            var killed = appHost.ServicePid("Kecs.Scheduler")!.Value;
            ProcessTree.Signal(killed, ProcessTree.SigKill);
            killedMidRollout++;
            await Eventually.TrueAsync(
                () => appHost.ServicePid("Kecs.Scheduler") is { } restarted && restarted != killed, () => $"the Scheduler restarted:\n{appHost.Output}");
        }

        var service = await WaitForCompletedRolloutAsync(ecs);
        await Eventually.TrueAsync(() => kube.Pods().Count == DesiredCount, $"{DesiredCount} pods left");
        await stopKubelet.CancelAsync();
        await kubelet;

        Assert.True(killedMidRollout >= 2, $"the rollout finished before the Scheduler was killed twice ({killedMidRollout})");
        Assert.Contains("scheduler exited with code", appHost.Output);
        var running = await RunningTasksAsync(ecs);
        var pods = kube.Pods();
        Assert.Equal(DesiredCount, service["runningCount"]!.GetValue<int>());
        Assert.All(running, task => Assert.EndsWith("task-definition/web:2", task["taskDefinitionArn"]!.GetValue<string>()));
        Assert.All(pods.GroupBy(p => Label(p, TaskIdLabel)), group => Assert.Single(group));
        Assert.Equal(running.Select(t => t["taskArn"]!.GetValue<string>().Split('/')[^1]).Order(), pods.Select(p => Label(p, TaskIdLabel)).Order());
        TestContext.Current.SendDiagnosticMessage($"The Scheduler was killed {killedMidRollout} times during the rollout.");
    }

    /// <summary>A kubelet that takes its time: each step starts one waiting pod or finishes one pod's termination.</summary>
    private static async Task RunSlowKubeletAsync(FakeKubeApiServer kube, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(KubeletStep, CancellationToken.None);
            var pods = kube.Pods();
            if (pods.FirstOrDefault(p => p["metadata"]!["deletionTimestamp"] is not null) is { } terminating)
            {
                kube.Kubelet.FinishTermination(Namespace(terminating), Name(terminating));
            }
            else if (pods.FirstOrDefault(p => p["status"]?["phase"]?.GetValue<string>() is null or "Pending") is { } waiting)
            {
                kube.Kubelet.Schedule(Namespace(waiting), Name(waiting));
                kube.Kubelet.StartAll(Namespace(waiting), Name(waiting));
            }
        }
    }

    private static async Task<JsonNode> WaitForCompletedRolloutAsync(EcsClient ecs)
    {
        JsonNode? service = null;
        await Eventually.TrueAsync(async () =>
        {
            service = await DescribeServiceAsync(ecs);
            return service["deployments"]!.AsArray() is [{ } only] && only["rolloutState"]!.GetValue<string>() == "COMPLETED"
                   && service["runningCount"]!.GetValue<int>() == DesiredCount;
        }, "the rollout completed");
        return service!;
    }

    private static async Task<bool> Completed(EcsClient ecs) =>
        (await DescribeServiceAsync(ecs))["deployments"]!.AsArray() is [{ } only] && only["rolloutState"]!.GetValue<string>() == "COMPLETED";

    private static async Task<JsonNode> DescribeServiceAsync(EcsClient ecs) =>
        (await ecs.OkAsync("DescribeServices", """{"cluster": "rollout", "services": ["web"]}"""))["services"]![0]!;

    private static async Task<List<JsonNode>> RunningTasksAsync(EcsClient ecs)
    {
        var arns = (await ecs.OkAsync("ListTasks", """{"cluster": "rollout", "desiredStatus": "RUNNING"}"""))["taskArns"]!.AsArray();
        var described = await ecs.OkAsync("DescribeTasks", new JsonObject { ["cluster"] = "rollout", ["tasks"] = arns.DeepClone() }.ToJsonString());
        return described["tasks"]!.AsArray().Select(t => t!).Where(t => t["lastStatus"]!.GetValue<string>() == "RUNNING").ToList();
    }

    private static string Namespace(JsonObject pod) => pod["metadata"]!["namespace"]!.GetValue<string>();

    private static string Name(JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static string? Label(JsonObject pod, string label) => pod["metadata"]!["labels"]?[label]?.GetValue<string>();
}
