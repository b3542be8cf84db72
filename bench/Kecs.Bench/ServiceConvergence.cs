using System.Diagnostics;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.Bench;

/// <summary>
/// CreateService with desiredCount 10 until DescribeServices satisfies the services-stable waiter (one
/// deployment, runningCount equal to desiredCount), on the fake API server with an immediate kubelet
/// and on the simulated runtime (default delays). Five services each; EcsApi and the Scheduler run in
/// this process.
/// </summary>
public static class ServiceConvergence
{
    private const int Services = 5;
    private const int DesiredCount = 10;

    public static async Task RunAsync()
    {
        await using var kube = await FakeKubeApiServer.StartAsync(immediateKubelet: true);
        var kubernetes = new Dictionary<string, string>
        {
            ["Scheduler:Runtime"] = "kubernetes",
            ["Scheduler:Kubeconfig"] = kube.WriteKubeconfig(Directory.CreateTempSubdirectory("kecs-bench-").FullName),
        };
        Console.WriteLine(Percentiles.Describe("CreateService(10) -> stable, fake API server", await MeasureAsync(kubernetes)));
        var simulated = new Dictionary<string, string>
        {
            ["Scheduler:Runtime"] = "simulated",
            ["Scheduler:Simulated:PendingDelay"] = "00:00:00.05",
            ["Scheduler:Simulated:RunningDelay"] = "00:00:00.1",
        };
        Console.WriteLine(Percentiles.Describe("CreateService(10) -> stable, simulated (50 ms + 100 ms delays)", await MeasureAsync(simulated)));
    }

    private static async Task<List<TimeSpan>> MeasureAsync(Dictionary<string, string> settings)
    {
        await using var ecsApi = new EcsApiFactory();
        var ecs = ecsApi.CreateEcsClient();
        settings["Logging:LogLevel:Default"] = "Warning";
        await using var scheduler = new SchedulerFactory(ecs.Http.BaseAddress!.ToString(), settings);
        scheduler.StartServer();
        await ecs.OkAsync("CreateCluster", """{"clusterName": "bench"}""");
        await ecs.OkAsync("RegisterTaskDefinition", """{"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 64}]}""");

        var times = new List<TimeSpan>();
        for (var i = 0; i < Services; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await ecs.OkAsync("CreateService", $$"""{"cluster": "bench", "serviceName": "svc{{i}}", "taskDefinition": "web", "desiredCount": {{DesiredCount}}}""");
            while (true)
            {
                var service = (await ecs.OkAsync("DescribeServices", $$"""{"cluster": "bench", "services": ["svc{{i}}"]}"""))["services"]![0]!;
                if (service["deployments"]!.AsArray().Count == 1 && service["runningCount"]!.GetValue<int>() == DesiredCount)
                {
                    break;
                }

                await Task.Delay(2);
            }

            times.Add(Stopwatch.GetElapsedTime(started));
        }

        return times;
    }
}
