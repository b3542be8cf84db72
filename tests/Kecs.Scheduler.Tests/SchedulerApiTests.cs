using System.Net;
using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>The Scheduler's internal API for AdminApi: its status and task logs.</summary>
public sealed class SchedulerApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_needs_the_token_and_says_how_Kubernetes_answers()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        using var anonymous = rig.Scheduler.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/internal/v1/status", Cancellation)).StatusCode);
        using var http = rig.Scheduler.CreateInternalClient();

        JsonNode status = null!;
        await SchedulerRig.WaitUntilAsync(async () =>
            (status = JsonNode.Parse(await http.GetStringAsync("/internal/v1/status", Cancellation))!)["caughtUp"]!.GetValue<bool>(), "caught up");
        Assert.Equal("kubernetes", status["runtime"].Text());
        Assert.Equal("v1.33.0-kecs-fake", status["apiServerVersion"].Text());
        Assert.Equal(rig.Kube!.Url.TrimEnd('/') + "/", status["apiServer"].Text());
        Assert.False(string.IsNullOrEmpty(status["kubeContext"].Text()));
        Assert.Null(status["apiServerError"]);

        rig.Kube.Down = true;
        var down = JsonNode.Parse(await http.GetStringAsync("/internal/v1/status", Cancellation))!;
        Assert.Null(down["apiServerVersion"]);
        Assert.StartsWith($"the Kubernetes API server {rig.Kube.Url.TrimEnd('/')}/ did not answer: ", down["apiServerError"].Text());
    }

    [Fact]
    public async Task A_containers_log_is_read_and_followed_until_the_task_stops()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var task = await rig.RunTaskAsync(TaskDefinitions.Web);
        var taskArn = task["taskArn"].Text();
        var taskId = taskArn[(taskArn.LastIndexOf('/') + 1)..];
        await rig.WaitForTaskAsync(taskArn, t => t["lastStatus"].Text() == "RUNNING", "RUNNING");
        var (ns, pod) = SchedulerRig.NamesOf(rig.Kube!.Pods().Single());
        rig.Kube.Kubelet.Log(ns, pod, "nginx", "GET / 200");
        using var http = rig.Scheduler.CreateInternalClient();

        var log = await http.GetStringAsync($"/internal/v1/tasks/{taskId}/logs", Cancellation);
        Assert.Equal("nginx started from nginx:1.25\nGET / 200\n", log);

        using var followed = await http.GetAsync($"/internal/v1/tasks/{taskId}/logs?container=nginx&follow=true",
            HttpCompletionOption.ResponseHeadersRead, Cancellation);
        using var reader = new StreamReader(await followed.Content.ReadAsStreamAsync(Cancellation));
        Assert.Equal("nginx started from nginx:1.25", await reader.ReadLineAsync(Cancellation));
        Assert.Equal("GET / 200", await reader.ReadLineAsync(Cancellation));
        rig.Kube.Kubelet.Log(ns, pod, "nginx", "GET /later 200");
        Assert.Equal("GET /later 200", await reader.ReadLineAsync(Cancellation));
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{taskArn}}"}""");
        Assert.Null(await reader.ReadLineAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Cancellation));
    }

    [Fact]
    public async Task Logs_say_why_they_cannot_be_read()
    {
        await using var rig = SchedulerRig.Simulated();
        var task = await rig.RunTaskAsync(TaskDefinitions.WebWithSidecar);
        var taskArn = task["taskArn"].Text();
        var taskId = taskArn[(taskArn.LastIndexOf('/') + 1)..];
        await rig.WaitForTaskAsync(taskArn, t => t["lastStatus"].Text() == "RUNNING", "RUNNING");
        using var http = rig.Scheduler.CreateInternalClient();

        var unnamed = await http.GetAsync($"/internal/v1/tasks/{taskId}/logs", Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("Name one container", await unnamed.Content.ReadAsStringAsync(Cancellation));
        var simulated = await http.GetAsync($"/internal/v1/tasks/{taskId}/logs?container=app", Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, simulated.StatusCode);
        Assert.Contains("simulated runtime, which starts no containers, so there are no logs", await simulated.Content.ReadAsStringAsync(Cancellation));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/internal/v1/tasks/0123456789abcdef/logs", Cancellation)).StatusCode);
    }
}
