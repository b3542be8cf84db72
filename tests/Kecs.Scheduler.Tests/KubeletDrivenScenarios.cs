namespace Kecs.Scheduler.Tests;

/// <summary>Scenarios where the test plays the node: exits, pull failures, OOM, eviction, health.</summary>
public sealed class KubeletDrivenScenarios
{
    [Fact]
    public async Task Task_moves_through_pending_to_running_as_the_kubelet_starts_it()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        var (ns, name) = SchedulerRig.NamesOf(await rig.WaitForPodAsync(_ => true, "created"));

        rig.Kube!.Kubelet.Schedule(ns, name);
        var pending = await rig.WaitForTaskAsync(arn, t => t["pullStartedAt"] is not null, "pulling");
        Assert.Equal("PENDING", pending["lastStatus"].Text());

        rig.Kube.Kubelet.StartAll(ns, name);
        var running = await rig.WaitForStatusAsync(arn, "RUNNING");
        Assert.NotNull(running["pullStoppedAt"]);
        Assert.Equal("CONNECTED", running["connectivity"].Text());
        var binding = running["containers"]![0]!["networkBindings"]![0]!;
        Assert.Equal(80, binding["containerPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_essential_container_exiting_zero_stops_the_task()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var (arn, ns, name) = await StartedAsync(rig, TaskDefinitions.Web);

        rig.Kube!.Kubelet.Exit(ns, name, "nginx", 0);

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("EssentialContainerExited", stopped["stopCode"].Text());
        Assert.Contains("nginx", stopped["stoppedReason"].Text());
        Assert.Equal(0, stopped["containers"]![0]!["exitCode"]!.GetValue<int>());
        await WaitForNoPodsAsync(rig);
    }

    [Fact]
    public async Task An_essential_container_failing_stops_the_others_and_names_itself()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var (arn, ns, name) = await StartedAsync(rig, TaskDefinitions.WebWithSidecar);

        rig.Kube!.Kubelet.Exit(ns, name, "app", 1);

        // The sidecar is still running, so Kecs deletes the pod to stop it, honouring the grace period.
        var deleting = await rig.WaitForPodAsync(p => p["metadata"]!["deletionTimestamp"] is not null, "deleted");
        Assert.Equal("logger", deleting["status"]!["containerStatuses"]!.AsArray().Single(s => s!["state"]!["running"] is not null)!["name"].Text());
        rig.Kube.Kubelet.FinishTermination(ns, name);

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("EssentialContainerExited", stopped["stopCode"].Text());
        Assert.Equal("Essential container in task exited: app (exit code 1)", stopped["stoppedReason"].Text());
        var app = stopped["containers"]!.AsArray().Single(c => c!["name"].Text() == "app")!;
        Assert.Equal(1, app["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_non_essential_container_exiting_leaves_the_task_running()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var (arn, ns, name) = await StartedAsync(rig, TaskDefinitions.WebWithSidecar);

        rig.Kube!.Kubelet.Exit(ns, name, "logger", 2);

        var task = await rig.WaitForTaskAsync(arn,
            t => t["containers"]!.AsArray().Any(c => c!["name"].Text() == "logger" && c["lastStatus"].Text() == "STOPPED"), "logger stopped");
        Assert.Equal("RUNNING", task["lastStatus"].Text());
        Assert.Equal("RUNNING", task["desiredStatus"].Text());
        Assert.Null(rig.Kube.Pods().Single()["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_fails_the_task_naming_the_image()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        rig.Kube!.Kubelet.MissingImages.Add("nginx:1.25");
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.StartsWith("CannotPullContainerError:", stopped["stoppedReason"].Text());
        Assert.Contains("nginx:1.25", stopped["stoppedReason"].Text());
        await WaitForNoPodsAsync(rig);
    }

    [Fact]
    public async Task An_out_of_memory_kill_is_reported_as_ECS_reports_it()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var (arn, ns, name) = await StartedAsync(rig, TaskDefinitions.Web);

        rig.Kube!.Kubelet.Exit(ns, name, "nginx", 137, "OOMKilled");

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Contains("OutOfMemoryError", stopped["stoppedReason"].Text());
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage", stopped["containers"]![0]!["reason"].Text());
        Assert.Equal(137, stopped["containers"]![0]!["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_evicted_pod_stops_its_task_with_the_eviction_as_reason()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        var (arn, ns, name) = await StartedAsync(rig, TaskDefinitions.Web);

        rig.Kube!.Kubelet.Evict(ns, name);

        var stopped = await rig.WaitForStatusAsync(arn, "STOPPED");
        Assert.Equal("TerminationNotice", stopped["stopCode"].Text());
        Assert.Contains("evicted", stopped["stoppedReason"].Text());
    }

    [Fact]
    public async Task A_passing_health_check_makes_the_task_healthy()
    {
        const string definition = """
            {"family": "checked", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64,
              "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}}]}
            """;
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        var arn = (await rig.RunTaskAsync(definition))["taskArn"].Text();

        var healthy = await rig.WaitForTaskAsync(arn, t => t["healthStatus"].Text() == "HEALTHY", "HEALTHY");
        Assert.Equal("HEALTHY", healthy["containers"]![0]!["healthStatus"].Text());
        var probe = rig.Kube!.Pods().Single()["spec"]!["containers"]![0]!["readinessProbe"]!;
        Assert.Equal(30, probe["periodSeconds"]!.GetValue<int>());
    }

    private static async Task<(string Arn, string Namespace, string Name)> StartedAsync(SchedulerRig rig, string definition)
    {
        var arn = (await rig.RunTaskAsync(definition))["taskArn"].Text();
        var (ns, name) = SchedulerRig.NamesOf(await rig.WaitForPodAsync(_ => true, "created"));
        rig.Kube!.Kubelet.Schedule(ns, name);
        rig.Kube.Kubelet.StartAll(ns, name);
        await rig.WaitForStatusAsync(arn, "RUNNING");
        return (arn, ns, name);
    }

    private static Task WaitForNoPodsAsync(SchedulerRig rig) => SchedulerRig.WaitUntilAsync(() => rig.Kube!.Pods().Count == 0, "no pods left");
}
