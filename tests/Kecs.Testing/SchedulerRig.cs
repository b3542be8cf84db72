using System.Text.Json.Nodes;
using Kecs.Scheduler;
using Kecs.Testing.FakeKube;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Kecs.Testing;

/// <summary>
/// EcsApi and the Scheduler running together in this process: the Scheduler on the fake Kubernetes
/// API server (or a real cluster's kubeconfig, or the simulated runtime), EcsApi on loopback.
/// </summary>
public sealed class SchedulerRig : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly Dictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _schedulerServices;
    private readonly string _ecsApiUrl;

    private SchedulerRig(
        EcsApiFactory ecsApi, FakeKubeApiServer? kube, Dictionary<string, string> settings, Action<IServiceCollection>? schedulerServices = null)
    {
        EcsApi = ecsApi;
        Kube = kube;
        Ecs = ecsApi.CreateEcsClient();
        _ecsApiUrl = Ecs.Http.BaseAddress!.ToString();
        _settings = settings;
        _schedulerServices = schedulerServices;
        Scheduler = Start();
    }

    public EcsApiFactory EcsApi { get; }
    public EcsClient Ecs { get; }
    public FakeKubeApiServer? Kube { get; }
    public SchedulerFactory Scheduler { get; private set; }

    /// <summary>On the fake API server, with its kubelet immediate or driven by the test.</summary>
    public static async Task<SchedulerRig> OnFakeKubernetesAsync(bool immediateKubelet = true, Dictionary<string, string>? settings = null)
    {
        var kube = await FakeKubeApiServer.StartAsync(immediateKubelet);
        var directory = Directory.CreateTempSubdirectory("kecs-kube-").FullName;
        var all = new Dictionary<string, string>(settings ?? [])
        {
            ["Scheduler:Runtime"] = "kubernetes",
            ["Scheduler:Kubeconfig"] = kube.WriteKubeconfig(directory),
        };
        return new SchedulerRig(new EcsApiFactory(), kube, all);
    }

    public static SchedulerRig OnKubeconfig(string kubeconfig, Dictionary<string, string>? settings = null) =>
        new(new EcsApiFactory(), null,
            new Dictionary<string, string>(settings ?? []) { ["Scheduler:Runtime"] = "kubernetes", ["Scheduler:Kubeconfig"] = kubeconfig });

    /// <param name="ecsApi">An EcsApi of the test's own, such as one with services replaced.</param>
    /// <param name="schedulerServices">Replaces services of the Scheduler.</param>
    public static SchedulerRig Simulated(
        Dictionary<string, string>? settings = null, EcsApiFactory? ecsApi = null, Action<IServiceCollection>? schedulerServices = null) =>
        new(ecsApi ?? new EcsApiFactory(), null, new Dictionary<string, string>(settings ?? []) { ["Scheduler:Runtime"] = "simulated" },
            schedulerServices);

    /// <summary>Stops the Scheduler and starts a new one, as a crash and restart would.</summary>
    public async Task RestartSchedulerAsync()
    {
        await StopSchedulerAsync();
        StartScheduler();
    }

    public Task StopSchedulerAsync() => Scheduler.DisposeAsync().AsTask();

    public void StartScheduler() => Scheduler = Start();

    public async Task<JsonNode> RunTaskAsync(string taskDefinition, string extra = "")
    {
        await Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        var family = JsonNode.Parse(taskDefinition)!["family"]!.GetValue<string>();
        await Ecs.RegisterAsync(taskDefinition);
        return (await Ecs.OkAsync("RunTask", $$"""{"cluster": "demo", "taskDefinition": "{{family}}"{{extra}}}"""))["tasks"]![0]!;
    }

    public async Task<JsonNode> DescribeTaskAsync(string taskArn) =>
        (await Ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{taskArn}}"]}"""))["tasks"]![0]!;

    /// <summary>Polls DescribeTasks until the task satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonNode> WaitForTaskAsync(string taskArn, Func<JsonNode, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonNode task;
        do
        {
            task = await DescribeTaskAsync(taskArn);
            if (condition(task))
            {
                return task;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        var pods = Kube is null ? "" : $"; pods: {string.Join(", ", Kube.Pods().Select(p => p.ToJsonString()))}";
        Assert.Fail($"Task never became {what}; last seen: {task.ToJsonString()}{pods}");
        return task;
    }

    public Task<JsonNode> WaitForStatusAsync(string taskArn, string lastStatus) =>
        WaitForTaskAsync(taskArn, t => t["lastStatus"]!.GetValue<string>() == lastStatus, lastStatus);

    /// <summary>Polls the fake API server until a pod satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonObject> WaitForPodAsync(Func<JsonObject, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            if (Kube!.Pods().FirstOrDefault(condition) is { } pod)
            {
                return pod;
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"No pod became {what}; pods: {string.Join(", ", Kube.Pods().Select(p => p.ToJsonString()))}");
        return null!;
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never true: {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never true: {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    public static (string Namespace, string Name) NamesOf(JsonObject pod) =>
        (pod["metadata"]!["namespace"]!.GetValue<string>(), pod["metadata"]!["name"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        await EcsApi.DisposeAsync();
        if (Kube is not null)
        {
            await Kube.DisposeAsync();
        }
    }

    private SchedulerFactory Start()
    {
        var scheduler = new SchedulerFactory(_ecsApiUrl, _settings, _schedulerServices);
        scheduler.StartServer();
        return scheduler;
    }
}
