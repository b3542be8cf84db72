using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// The task scenarios that need nothing but a Kubernetes API: they run on the fake API server here,
/// and on a real cluster in <see cref="RealClusterTaskScenarios"/>.
/// </summary>
public abstract class KubernetesTaskScenarios
{
    /// <param name="settings">More of the Scheduler's configuration (<c>Aws:Endpoint</c>...).</param>
    protected abstract Task<SchedulerRig> StartAsync(Dictionary<string, string>? settings = null);

    /// <summary>The lines of a container's log, as Kubernetes has them.</summary>
    protected abstract Task<string[]> PodLogAsync(SchedulerRig rig, string taskArn, string container);

    /// <summary>The decoded values of the Secret Kecs made for a task, by key.</summary>
    protected abstract Task<Dictionary<string, string>> TaskSecretAsync(SchedulerRig rig, string taskArn);

    [Fact]
    public async Task A_tasks_secret_reaches_its_pod_and_its_log_reaches_CloudWatch_Logs()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await moto.AwsAsync("ssm", "put-parameter", "--name", "/k8s/token", "--type", "SecureString", "--value", "k8s-s3cr3t");
        await using var rig = await StartAsync(new() { ["Aws:Endpoint"] = moto.Url });
        var arn = (await rig.RunTaskAsync("""
            {"family": "echo", "containerDefinitions": [{"name": "app", "image": "busybox:1.36", "memory": 64,
              "command": ["sh", "-c", "echo token=$TOKEN; sleep 3600"], "secrets": [{"name": "TOKEN", "valueFrom": "/k8s/token"}],
              "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/k8s/echo", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "k8s", "awslogs-create-group": "true"}}}]}
            """))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        Assert.Equal(["k8s-s3cr3t"], (await TaskSecretAsync(rig, arn)).Values);
        string[] podLog = [], shipped = [];
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            podLog = await PodLogAsync(rig, arn, "app");
            var (exitCode, stdout, _) = await AwsCli.RunRawAsync(moto.Url, TestContext.Current.CancellationToken, "logs", "get-log-events",
                "--log-group-name", "/k8s/echo", "--log-stream-name", $"k8s/app/{arn.Split('/')[^1]}", "--start-from-head");
            shipped = exitCode == 0 ? JsonNode.Parse(stdout)!["events"]!.AsArray().Select(e => e!["message"].Text()).ToArray() : [];
            return podLog.Length > 0 && shipped.SequenceEqual(podLog);
        }, "the pod's log in its stream");
    }

    [Fact]
    public async Task A_task_runs_as_a_pod_and_stops_with_the_callers_reason()
    {
        await using var rig = await StartAsync();
        var task = await rig.RunTaskAsync(TaskDefinitions.Web);
        var arn = task["taskArn"].Text();

        var running = await rig.WaitForStatusAsync(arn, "RUNNING");
        var container = running["containers"]![0]!;
        Assert.Equal("RUNNING", container["lastStatus"].Text());
        Assert.False(string.IsNullOrEmpty(container["runtimeId"].Text()));
        Assert.NotNull(running["startedAt"]);
        Assert.Contains(running["attributes"]!.AsArray(), a => a!["name"].Text() == "kecs.runtime" && a["value"].Text() == "kubernetes");

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}", "reason": "deploy 42 rolled back"}""");
        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("UserInitiated", stopped["stopCode"].Text());
        Assert.Equal("deploy 42 rolled back", stopped["stoppedReason"].Text());
        Assert.Equal("STOPPED", stopped["containers"]![0]!["lastStatus"].Text());
        Assert.NotNull(stopped["stoppedAt"]);
        Assert.NotNull(stopped["executionStoppedAt"]);
    }

    [Fact]
    public async Task A_pod_deleted_behind_Kecs_stops_its_task_with_a_reason()
    {
        await using var rig = await StartAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        await DeletePodOutsideKecsAsync(rig, arn);

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Contains("deleted outside Kecs", stopped["stoppedReason"].Text());
        Assert.Equal("STOPPED", stopped["desiredStatus"].Text());
    }

    [Fact]
    public async Task A_restarted_Scheduler_adopts_running_pods_and_creates_none_twice()
    {
        await using var rig = await StartAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        await rig.RestartSchedulerAsync();
        var second = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();
        await rig.WaitForStatusAsync(second, "RUNNING");

        Assert.Equal(2, await CountPodsAsync(rig));
        Assert.Equal("RUNNING", (await rig.DescribeTaskAsync(arn))["lastStatus"].Text());
        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");
        await rig.WaitForStatusAsync(arn, "STOPPED");
    }

    protected abstract Task DeletePodOutsideKecsAsync(SchedulerRig rig, string taskArn);

    protected abstract Task<int> CountPodsAsync(SchedulerRig rig);
}
