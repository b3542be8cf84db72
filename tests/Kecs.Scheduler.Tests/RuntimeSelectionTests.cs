using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary><c>auto</c> picks Kubernetes when its API server answers at start-up and the simulated runtime otherwise.</summary>
public sealed class RuntimeSelectionTests
{
    [Fact]
    public async Task Auto_picks_Kubernetes_when_the_API_server_answers()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        var runtime = await RuntimeChosenAsync(kube.WriteKubeconfig(Directory.CreateTempSubdirectory("kecs-auto-").FullName));

        Assert.Equal("kubernetes", runtime["runtime"].Text());
        Assert.Contains("v1.33.0-kecs-fake", runtime["detail"].Text());
    }

    [Fact]
    public async Task Auto_falls_back_to_simulated_and_says_why()
    {
        var directory = Directory.CreateTempSubdirectory("kecs-auto-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var deadUrl = $"http://127.0.0.1:{UnusedPort()}";
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: gone, cluster: {"{"}server: "{deadUrl}"{"}"}{"}"}]
            contexts: [{"{"}name: gone, context: {"{"}cluster: gone, user: gone{"}"}{"}"}]
            current-context: gone
            users: [{"{"}name: gone, user: {"{"}token: x{"}"}{"}"}]
            """, TestContext.Current.CancellationToken);

        var runtime = await RuntimeChosenAsync(kubeconfig);

        Assert.Equal("simulated", runtime["runtime"].Text());
        Assert.Contains(deadUrl, runtime["detail"].Text());
    }

    [Fact]
    public async Task Kubernetes_that_cannot_be_configured_fails_tasks_with_the_reason()
    {
        var missing = Path.Combine(Directory.CreateTempSubdirectory("kecs-missing-").FullName, "no-such-kubeconfig");
        await using var rig = SchedulerRig.OnKubeconfig(missing, new() { ["Scheduler:TaskStartTimeout"] = "00:00:01" });
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.Contains($"the kubeconfig {missing} does not exist", stopped["stoppedReason"].Text());
    }

    private static async Task<JsonNode> RuntimeChosenAsync(string kubeconfig)
    {
        await using var ecsApi = new EcsApiFactory();
        var url = ecsApi.CreateEcsClient().Http.BaseAddress!.ToString();
        await using var scheduler = new SchedulerFactory(url, new() { ["Scheduler:Runtime"] = "auto", ["Scheduler:Kubeconfig"] = kubeconfig });
        var http = scheduler.CreateInternalClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await http.GetAsync("/internal/v1/status", TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            }

            Assert.True(DateTime.UtcNow < deadline, "The Scheduler never chose a runtime.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
