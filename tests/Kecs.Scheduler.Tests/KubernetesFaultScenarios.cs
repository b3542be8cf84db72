using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>The API server away, expiring watches, missing secrets, deleted clusters, and traces.</summary>
public sealed class KubernetesFaultScenarios
{
    [Fact]
    public async Task A_task_started_while_the_API_server_is_down_runs_once_it_is_back()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.WaitForStatusAsync((await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text(), "RUNNING");
        rig.Kube!.Down = true;

        var tried = rig.Kube.PodCreationsSeen;
        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();
        await SchedulerRig.WaitUntilAsync(() => rig.Kube.PodCreationsSeen > tried, "the pod's creation sent to the unreachable server");
        Assert.Equal("PENDING", (await rig.DescribeTaskAsync(arn))["lastStatus"].Text());
        rig.Kube.Down = false;

        await rig.WaitForStatusAsync(arn, "RUNNING");
        Assert.Equal(2, rig.Kube.Pods().Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(409)]
    public async Task A_task_runs_once_injected_API_errors_stop_and_gets_exactly_one_pod(int status)
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.WaitForStatusAsync((await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text(), "RUNNING");
        rig.Kube!.FailNext(5, status);

        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();

        await rig.WaitForStatusAsync(arn, "RUNNING");
        Assert.Equal(2, rig.Kube.Pods().Count);
    }

    [Fact]
    public async Task A_service_converges_after_a_burst_of_server_errors()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.WaitForStatusAsync((await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text(), "RUNNING");
        rig.Kube!.FailNext(20, 500);

        await rig.Ecs.OkAsync("CreateService", """{"cluster": "demo", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 3}""");

        await SchedulerRig.WaitUntilAsync(async () =>
            (await rig.Ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!["runningCount"]!.GetValue<int>() == 3,
            "3 running");
        Assert.Equal(4, rig.Kube.Pods().Count);
    }

    [Fact]
    public async Task A_slow_API_server_delays_a_task_but_it_runs_with_one_pod()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.WaitForStatusAsync((await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text(), "RUNNING");
        rig.Kube!.Latency = TimeSpan.FromSeconds(10);

        var tried = rig.Kube.PodCreationsSeen;
        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();
        await SchedulerRig.WaitUntilAsync(() => rig.Kube.PodCreationsSeen > tried, "the pod's creation waiting on the slow server");
        Assert.NotEqual("RUNNING", (await rig.DescribeTaskAsync(arn))["lastStatus"].Text());
        rig.Kube.Latency = TimeSpan.Zero;

        await rig.WaitForStatusAsync(arn, "RUNNING");
        Assert.Equal(2, rig.Kube.Pods().Count);
    }

    [Fact]
    public async Task A_task_that_cannot_reach_the_API_server_in_time_fails_to_start_naming_it()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Scheduler:TaskStartTimeout"] = "00:00:01" });
        await rig.RunTaskAsync(TaskDefinitions.Web);
        rig.Kube!.Down = true;

        var arn = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.Contains(rig.Kube.Url, stopped["stoppedReason"].Text());
    }

    [Fact]
    public async Task Expired_watches_are_relisted_and_nothing_is_missed()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        var (ns, name) = SchedulerRig.NamesOf(await rig.WaitForPodAsync(_ => true, "created"));

        rig.Kube!.Store.Compact();
        rig.Kube.Kubelet.Schedule(ns, name);
        rig.Kube.Kubelet.StartAll(ns, name);

        await rig.WaitForStatusAsync(arn, "RUNNING");
    }

    [Fact]
    public async Task A_secret_no_source_can_resolve_stops_the_task_naming_it()
    {
        const string definition = """
            {"family": "secretive", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64,
              "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"}]}]}
            """;
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(definition))["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.Contains("DB_PASSWORD", stopped["stoppedReason"].Text());
        Assert.Contains("secret:prod/db-AbCdEf", stopped["stoppedReason"].Text());
        Assert.Empty(rig.Kube!.Pods());
    }

    [Fact]
    public async Task A_secret_found_as_a_Kubernetes_Secret_is_referenced_never_copied()
    {
        const string definition = """
            {"family": "secretive", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64,
              "secrets": [{"name": "API_KEY", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api-key"}]}]}
            """;
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await rig.Ecs.OkAsync("CreateCluster", """{"clusterName": "demo"}""");
        rig.Kube!.AddNamespace("demo-us-east-1");
        rig.Kube.Store.TryCreate("secrets", "demo-us-east-1", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "ssm-prod-api-key" },
            ["data"] = new JsonObject { ["value"] = Convert.ToBase64String("s3cr3t"u8) },
        }, DateTimeOffset.UtcNow);

        var arn = (await rig.RunTaskAsync(definition))["taskArn"].Text();

        await rig.WaitForStatusAsync(arn, "RUNNING");
        var env = rig.Kube.Pods().Single()["spec"]!["containers"]![0]!["env"]![0]!;
        Assert.Equal("ssm-prod-api-key", env["valueFrom"]!["secretKeyRef"]!["name"].Text());
        Assert.DoesNotContain("s3cr3t", rig.Kube.Pods().Single().ToJsonString());
        Assert.DoesNotContain("s3cr3t", (await rig.DescribeTaskAsync(arn)).ToJsonString());
    }

    [Fact]
    public async Task A_namespace_deleted_behind_Kecs_is_created_again_for_the_next_task()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var first = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(first, "RUNNING");
        rig.Kube!.Store.Remove("namespaces", "", "demo-us-east-1");

        var second = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""))["tasks"]![0]!["taskArn"].Text();

        await rig.WaitForStatusAsync(second, "RUNNING");
        Assert.NotNull(rig.Kube.Store.Get("namespaces", "", "demo-us-east-1"));
    }

    [Fact]
    public async Task Deleting_a_cluster_deletes_its_namespace()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");
        var ns = rig.Kube!.Store.Get("namespaces", "", "demo-us-east-1")!;
        Assert.Equal("kecs", ns["metadata"]!["labels"]!["app.kubernetes.io/managed-by"].Text());

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");
        await rig.WaitForStatusAsync(arn, "STOPPED");
        await rig.Ecs.OkAsync("DeleteCluster", """{"cluster": "demo"}""");

        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Store.Get("namespaces", "", "demo-us-east-1") is null, "namespace deleted");
    }

    [Fact]
    public async Task Creating_the_pod_continues_the_trace_of_the_RunTask_call()
    {
        var created = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Kecs.Scheduler",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (created) { created.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();

        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        var traceParent = rig.Kube!.Pods().Single()["metadata"]!["annotations"]!["kecs.dev/traceparent"].Text();
        lock (created)
        {
            var createPod = created.Single(a => a.OperationName == "CreatePod" && (string?)a.GetTagItem("ecs.task.arn") == arn);
            Assert.Equal(traceParent.Split('-')[1], createPod.TraceId.ToString());
        }
    }

    [Fact]
    public async Task Health_says_when_the_API_server_fails_and_when_it_is_back()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var http = rig.Scheduler.CreateClient();
        await rig.RunTaskAsync(TaskDefinitions.Web);
        await Eventually(async () => await HealthAsync(http) == "Healthy");

        rig.Kube!.Down = true;
        await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}""");
        await Eventually(async () => await HealthAsync(http) == "Degraded");
        var runtime = JsonNode.Parse(await rig.Scheduler.CreateInternalClient().GetStringAsync("/internal/v1/status", TestContext.Current.CancellationToken))!;
        Assert.Equal("kubernetes", runtime["runtime"].Text());
        Assert.NotNull(runtime["apiServerError"]);

        rig.Kube.Down = false;
        await Eventually(async () => await HealthAsync(http) == "Healthy");
    }

    [Fact]
    public async Task StopTask_deletes_the_pod_with_the_stopTimeout_as_grace_period()
    {
        const string definition = """
            {"family": "slow", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "stopTimeout": 45}]}
            """;
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var arn = (await rig.RunTaskAsync(definition))["taskArn"].Text();
        var (ns, name) = SchedulerRig.NamesOf(await rig.WaitForPodAsync(_ => true, "created"));
        rig.Kube!.Kubelet.Schedule(ns, name);
        rig.Kube.Kubelet.StartAll(ns, name);
        await rig.WaitForStatusAsync(arn, "RUNNING");

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{arn}}"}""");

        var deleting = await rig.WaitForPodAsync(p => p["metadata"]!["deletionTimestamp"] is not null, "being deleted");
        Assert.Equal(45, deleting["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal("STOPPING", (await rig.WaitForStatusAsync(arn, "STOPPING"))["lastStatus"].Text());
        rig.Kube.Kubelet.FinishTermination(ns, name);
        await rig.WaitForStatusAsync(arn, "STOPPED");
    }

    private static async Task<string> HealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail("The condition never held.");
    }
}
