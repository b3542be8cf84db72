using System.Text.Json.Nodes;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>Services that cannot do what they are asked: the events ECS writes, once, and the throttle on failing tasks.</summary>
public sealed class ServiceProblemScenarios
{
    private const string Stalled =
        "(service websvc) was unable to stop or start tasks during a deployment because of the service deployment configuration. "
        + "Update the minimumHealthyPercent or maximumPercent value and try again.";

    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task A_rolling_update_with_100_and_100_stays_within_bounds_and_says_why_it_cannot_proceed(string runtime)
    {
        await using var rig = runtime == "simulated" ? SchedulerRig.Simulated() : await SchedulerRig.OnFakeKubernetesAsync();
        await CreateServiceAsync(rig, desiredCount: 4, """, "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 100}""");
        await WaitForServiceAsync(rig, s => Running(s) == 4 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "4 running");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);
        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}""");

        var samples = new List<(int Healthy, int Total)>();
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            var tasks = await AllServiceTasksAsync(rig);
            var service = await DescribeServiceAsync(rig);
            samples.Add(Sample(service, tasks));
            return Events(service).Contains(Stalled);
        }, "the stalled-deployment event");

        Assert.All(samples, sample => Assert.Equal((4, 4), sample));
        Assert.All(await ServiceTasksAsync(rig), t => Assert.EndsWith("web:1", t["taskDefinitionArn"].Text()));
        Assert.Equal("IN_PROGRESS", (await DescribeServiceAsync(rig))["deployments"]![0]!["rolloutState"].Text());

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200}}""");
        var service = await WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 4, "the rollout completed");
        Assert.Single(Events(service), e => e == Stalled);
        Assert.All(await ServiceTasksAsync(rig), t => Assert.EndsWith("web:2", t["taskDefinitionArn"].Text()));
    }

    [Fact]
    public async Task Tasks_that_keep_crashing_are_replaced_ever_more_slowly()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Scheduler:ServiceThrottle:FirstDelay"] = "00:00:02" });
        rig.Kube!.Kubelet.CrashingImages["nginx:1.25"] = 1;
        const string Throttled = "(service websvc) is unable to consistently start tasks successfully.";
        await CreateServiceAsync(rig, desiredCount: 1);

        List<JsonNode> tasks = [];
        await SchedulerRig.WaitUntilAsync(async () => (tasks = await AllServiceTasksAsync(rig)).Count(t => t["lastStatus"].Text() == "STOPPED") >= 5,
            "five failed tasks");

        // The first three failures are replaced at once; then each start waits 2 s, 4 s, ... after the failure before it.
        var timeline = tasks.Where(t => t["lastStatus"].Text() == "STOPPED").OrderBy(t => Seconds(t, "createdAt")).ToList();
        var waits = timeline.Zip(timeline.Skip(1), (before, next) => Seconds(next, "createdAt") - Seconds(before, "stoppedAt")).ToList();
        Assert.All(waits.Take(2), wait => Assert.InRange(wait, -0.01, 1.5));
        Assert.InRange(waits[2], 1.99, 30);
        Assert.InRange(waits[3], 3.99, 30);
        Assert.Single(Events(await DescribeServiceAsync(rig)), e => e == Throttled);
    }

    private static double Seconds(JsonNode task, string member) => task[member]!.GetValue<double>();

    [Fact]
    public async Task A_task_that_cannot_start_is_told_as_a_service_event_once()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Scheduler:ServiceThrottle:FirstDelay"] = "00:00:00.200" });
        rig.Kube!.Kubelet.MissingImages.Add("nginx:1.25");
        await CreateServiceAsync(rig, desiredCount: 1);

        await SchedulerRig.WaitUntilAsync(async () => (await ServiceTasksAsync(rig, "STOPPED")).Count >= 4, "four failed starts");

        var launchEvents = Events(await DescribeServiceAsync(rig)).Where(e => e.StartsWith("(service websvc) failed to launch a task with (error ")).ToList();
        var launchEvent = Assert.Single(launchEvents);
        Assert.Contains("CannotPullContainerError", launchEvent);
        Assert.Contains("nginx:1.25", launchEvent);
    }

    [Fact]
    public async Task A_pod_Kubernetes_cannot_schedule_is_told_as_unable_to_place_a_task()
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(immediateKubelet: false);
        await CreateServiceAsync(rig, desiredCount: 1);
        var (ns, name) = SchedulerRig.NamesOf(await rig.WaitForPodAsync(_ => true, "the service's pod"));

        rig.Kube!.Kubelet.Unschedulable(ns, name, "0/1 nodes are available: 1 Insufficient memory.");

        await WaitForServiceAsync(rig, s => Events(s).Contains(
            "(service websvc) was unable to place a task because no container instance met all of its requirements. "
            + "Reason: 0/1 nodes are available: 1 Insufficient memory."), "the placement event");
        rig.Kube.Kubelet.Schedule(ns, name);
        rig.Kube.Kubelet.StartAll(ns, name);
        await WaitForServiceAsync(rig, s => Events(s)[0] == "(service websvc) has reached a steady state.", "steady once the pod runs");
    }
}
