using System.Diagnostics;
using System.Text.Json.Nodes;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.Bench;

/// <summary>
/// One task at a time, 100 times, against the fake Kubernetes API server with an immediate kubelet:
/// from the RunTask response to the pod's creation (seen on a watch of the API server), and from the
/// pod Running to DescribeTasks showing RUNNING. EcsApi and the Scheduler run in this process.
/// </summary>
public static class TaskConvergence
{
    private const int Tasks = 100;

    public static async Task RunAsync()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(immediateKubelet: true);
        await using var ecsApi = new EcsApiFactory();
        var ecs = ecsApi.CreateEcsClient();
        var settings = new Dictionary<string, string>
        {
            ["Scheduler:Runtime"] = "kubernetes",
            ["Scheduler:Kubeconfig"] = kube.WriteKubeconfig(Directory.CreateTempSubdirectory("kecs-bench-").FullName),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        await using var scheduler = new SchedulerFactory(ecs.Http.BaseAddress!.ToString(), settings);
        scheduler.StartServer();

        await ecs.OkAsync("CreateCluster", """{"clusterName": "bench"}""");
        await ecs.OkAsync("RegisterTaskDefinition", """{"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 64}]}""");
        var watch = kube.Store.Watch("pods", null, kube.Store.Version)!;
        var toPod = new List<TimeSpan>();
        var toRunning = new List<TimeSpan>();
        for (var i = 0; i < Tasks; i++)
        {
            var run = await ecs.OkAsync("RunTask", """{"cluster": "bench", "taskDefinition": "web"}""");
            var answered = Stopwatch.GetTimestamp();
            var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();

            var created = await NextAsync(watch, "ADDED");
            toPod.Add(Stopwatch.GetElapsedTime(answered, created));
            var running = await NextAsync(watch, "MODIFIED", e => e.Item["status"]?["phase"]?.GetValue<string>() == "Running");
            while ((await ecs.OkAsync("DescribeTasks", $$"""{"cluster": "bench", "tasks": ["{{taskArn}}"]}"""))["tasks"]![0]!["lastStatus"]!.GetValue<string>() != "RUNNING")
            {
            }

            toRunning.Add(Stopwatch.GetElapsedTime(running));
        }

        Console.WriteLine(Percentiles.Describe("RunTask response -> pod created", toPod));
        Console.WriteLine(Percentiles.Describe("pod Running -> DescribeTasks RUNNING", toRunning));
    }

    private static async Task<long> NextAsync(WatchSubscription watch, string type, Func<WatchEvent, bool>? matches = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var change = await watch.Events.ReadAsync(timeout.Token);
            if (change.Type == type && (matches is null || matches(change)))
            {
                return Stopwatch.GetTimestamp();
            }
        }
    }
}
