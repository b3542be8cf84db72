using Kecs.Testing.FakeKube;

namespace Kecs.Bench.Hosting;

/// <summary>EcsApi and the Scheduler, each a process of its own, the Scheduler on the fake Kubernetes API server of the bench.</summary>
public sealed class EcsApiAndScheduler : IAsyncDisposable
{
    private EcsApiAndScheduler(ChildProcess ecsApi, string ecsApiUrl, ChildProcess scheduler)
    {
        EcsApi = ecsApi;
        EcsApiUrl = ecsApiUrl;
        Scheduler = scheduler;
    }

    public ChildProcess EcsApi { get; }

    public string EcsApiUrl { get; }

    public ChildProcess Scheduler { get; }

    /// <summary>Starts both and waits until the Scheduler runs on <paramref name="kube"/> and has read the change feed.</summary>
    /// <param name="schedulerSettings">More of the Scheduler's environment (<c>Aws__Endpoint</c>...).</param>
    public static async Task<EcsApiAndScheduler> StartAsync(FakeKubeApiServer kube, string scenario, Dictionary<string, string>? schedulerSettings = null)
    {
        var ecsApiPort = ChildProcess.FreePort();
        var ecsApiUrl = $"http://127.0.0.1:{ecsApiPort}";
        var ecsApi = KecsApps.EcsApi(ecsApiPort, Directory.CreateTempSubdirectory($"kecs-bench-{scenario}-").FullName);
        await ecsApi.WaitForOutputAsync(new(@"Now listening on: (\S+)"), TimeSpan.FromSeconds(60));
        var schedulerPort = ChildProcess.FreePort();
        var scheduler = KecsApps.Scheduler(schedulerPort, ecsApiUrl, new(schedulerSettings ?? [])
        {
            ["Scheduler__Runtime"] = "kubernetes",
            ["Scheduler__Kubeconfig"] = kube.WriteKubeconfig(Directory.CreateTempSubdirectory("kecs-bench-kube-").FullName),
        });
        await KecsApps.WaitForSchedulerAsync($"http://127.0.0.1:{schedulerPort}", "kubernetes");
        return new EcsApiAndScheduler(ecsApi, ecsApiUrl, scheduler);
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        await EcsApi.DisposeAsync();
    }
}
