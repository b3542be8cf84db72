using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kecs.Bench.Hosting;
using Kecs.Bench.Load;
using Kecs.Bench.Reporting;
using Kecs.Testing.FakeKube;

namespace Kecs.Bench.Scenarios;

/// <summary>
/// EcsApi and the Scheduler as processes of their own, on the fake Kubernetes API server with an
/// immediate kubelet (in this process): RunTask to pod created and pod Running to task RUNNING, in one cluster and for
/// the first task of new clusters (whose namespace and its service account come first), CreateService with
/// desiredCount 100 to stable, and the Scheduler's CPU while 1,000 services sit steady.
/// </summary>
public static class ConvergeScenario
{
    private const int Tasks = 100;
    private const int NewClusters = 20;
    private const int SteadyServices = 1000;
    private static readonly TimeSpan CpuWindow = TimeSpan.FromSeconds(20);

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        await using var kube = await FakeKubeApiServer.StartAsync(immediateKubelet: true);
        await using var kecs = await EcsApiAndScheduler.StartAsync(kube, "converge");
        using var ecs = new EcsTarget("ecsapi", kecs.EcsApiUrl);
        await ecs.CallAsync("CreateCluster", """{"clusterName": "bench"}""");
        await ecs.CallAsync("RegisterTaskDefinition", """{"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 64}]}""");

        var (toPod, toRunning) = await TasksAsync(ecs, kube, Tasks, _ => "bench");
        var (firstToPod, firstToRunning) = await TasksAsync(ecs, kube, NewClusters, i => $"new-{i:D2}");
        var toStable = new List<TimeSpan>();
        for (var run = 0; run < settings.Runs; run++)
        {
            toStable.Add(await ServiceToStableAsync(ecs, $"hundred-{run}", 100));
            Console.WriteLine($"converge: desiredCount 100 stable in {toStable[^1].TotalMilliseconds:F0} ms");
        }

        var cpu = await SteadyCpuAsync(ecs, kecs.Scheduler);
        return string.Create(CultureInfo.InvariantCulture, $"""
            EcsApi and the Scheduler each a process (Release), the fake Kubernetes API server in the bench process with a kubelet that
            starts every pod at once (through several watch events, the pod's IP on the last); a new namespace gets its service
            account {kube.ServiceAccountDelay.TotalMilliseconds:0} ms after it is made. Times from the caller's side; ms.

            | measure | n | p50 | p95 | max | target |
            |---|---|---|---|---|---|
            | RunTask answered -> pod created (seen on a watch) | {toPod.Count} | {Percentiles.Of(toPod, 50):F1} | {Percentiles.Of(toPod, 95):F1} | {Percentiles.Of(toPod, 100):F1} | p50 at most 50 |
            | pod Running -> DescribeTasks says RUNNING | {toRunning.Count} | {Percentiles.Of(toRunning, 50):F1} | {Percentiles.Of(toRunning, 95):F1} | {Percentiles.Of(toRunning, 100):F1} | p50 at most 50 |
            | first task of a new cluster: RunTask answered -> pod created | {firstToPod.Count} | {Percentiles.Of(firstToPod, 50):F1} | {Percentiles.Of(firstToPod, 95):F1} | {Percentiles.Of(firstToPod, 100):F1} | p50 at most 50 |
            | first task of a new cluster: pod Running -> RUNNING | {firstToRunning.Count} | {Percentiles.Of(firstToRunning, 50):F1} | {Percentiles.Of(firstToRunning, 95):F1} | {Percentiles.Of(firstToRunning, 100):F1} | p50 at most 50 |
            | CreateService desiredCount 100 -> services-stable acceptor holds | {toStable.Count} | {Percentiles.Of(toStable, 50):F0} | {Percentiles.Of(toStable, 95):F0} | {Percentiles.Of(toStable, 100):F0} | |

            With {SteadyServices:N0} services of one task each running steady, the Scheduler used {cpu:F2}% of one core over {CpuWindow.TotalSeconds:0} s
            (target: under 2%).
            """);
    }

    /// <summary>Runs tasks one after the other, each in the cluster <paramref name="clusterOf"/> names (made first when it is new).</summary>
    private static async Task<(List<TimeSpan> ToPod, List<TimeSpan> ToRunning)> TasksAsync(
        EcsTarget ecs, FakeKubeApiServer kube, int count, Func<int, string> clusterOf)
    {
        var watch = kube.Store.Watch("pods", null, kube.Store.Version)!;
        var toPod = new List<TimeSpan>();
        var toRunning = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var cluster = clusterOf(i);
            await ecs.CallAsync("CreateCluster", $$"""{"clusterName": "{{cluster}}"}""");
            var (_, run) = await ecs.CallAsync("RunTask", $$"""{"cluster": "{{cluster}}", "taskDefinition": "web"}""", parse: true);
            var answered = Stopwatch.GetTimestamp();
            var taskArn = run!["tasks"]![0]!["taskArn"]!.GetValue<string>();
            toPod.Add(Stopwatch.GetElapsedTime(answered, await NextAsync(watch, e => e.Type == "ADDED")));
            var running = await NextAsync(watch, e => e.Type == "MODIFIED" && e.Item["status"]?["phase"]?.GetValue<string>() == "Running");
            while ((await ecs.CallAsync("DescribeTasks", $$"""{"cluster": "{{cluster}}", "tasks": ["{{taskArn}}"]}""", parse: true)).Body!["tasks"]![0]!["lastStatus"]!.GetValue<string>() != "RUNNING")
            {
            }

            toRunning.Add(Stopwatch.GetElapsedTime(running));
        }

        Console.WriteLine($"converge: {count} tasks: RunTask -> pod p50 {Percentiles.Of(toPod, 50):F1} ms, Running -> RUNNING p50 {Percentiles.Of(toRunning, 50):F1} ms");
        return (toPod, toRunning);
    }

    private static async Task<TimeSpan> ServiceToStableAsync(EcsTarget ecs, string name, int desiredCount)
    {
        var started = Stopwatch.StartNew();
        await ecs.CallAsync("CreateService", $$"""{"cluster": "bench", "serviceName": "{{name}}", "taskDefinition": "web", "desiredCount": {{desiredCount}}}""");
        while (true)
        {
            var service = (await ecs.CallAsync("DescribeServices", $$"""{"cluster": "bench", "services": ["{{name}}"]}""", parse: true)).Body!["services"]![0]!;
            if (service["deployments"]!.AsArray().Count == 1 && service["runningCount"]!.GetValue<int>() == desiredCount)
            {
                return started.Elapsed;
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Percent of one core the Scheduler uses once many services are steady: its work should follow changes, not size.</summary>
    private static async Task<double> SteadyCpuAsync(EcsTarget ecs, ChildProcess scheduler)
    {
        await ecs.CallAsync("CreateCluster", """{"clusterName": "steady"}""");
        await Workers.EachAsync(SteadyServices, i =>
            ecs.CallAsync("CreateService", $$"""{"cluster": "steady", "serviceName": "svc-{{i:D4}}", "taskDefinition": "web", "desiredCount": 1}"""));
        var waited = Stopwatch.StartNew();
        while ((await ecs.CallAsync("DescribeClusters", """{"clusters": ["steady"]}""", parse: true)).Body!["clusters"]![0]!["runningTasksCount"]!.GetValue<int>() < SteadyServices)
        {
            await Task.Delay(500);
        }

        Console.WriteLine($"converge: {SteadyServices} services running in {waited.Elapsed.TotalSeconds:F0} s; measuring the Scheduler's CPU");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = ChildProcess.CpuTime(scheduler.Pid);
        var window = Stopwatch.StartNew();
        await Task.Delay(CpuWindow);
        return (ChildProcess.CpuTime(scheduler.Pid) - before) / window.Elapsed * 100;
    }

    private static async Task<long> NextAsync(WatchSubscription watch, Func<WatchEvent, bool> matches)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (matches(await watch.Events.ReadAsync(timeout.Token)))
            {
                return Stopwatch.GetTimestamp();
            }
        }
    }
}
