using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kecs.Scheduler.Kubernetes;

namespace Kecs.Scheduler.Tests;

/// <summary>The one pod-to-ECS mapper, state by state.</summary>
public sealed class PodStatusMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private const string Unscheduled = """{"phase": "Pending"}""";

    private const string Pulling = """
        {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-24T11:59:00Z"}],
         "containerStatuses": [{"name": "app", "image": "i", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}
        """;

    private const string Running = """
        {"phase": "Running", "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-24T11:59:00Z"}],
         "containerStatuses": [{"name": "app", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:30Z"}}},
                               {"name": "side", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:31Z"}}}]}
        """;

    private const string EssentialNotStarted = """
        {"phase": "Running", "conditions": [{"type": "PodScheduled", "status": "True"}],
         "containerStatuses": [{"name": "app", "image": "i", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}},
                               {"name": "side", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:31Z"}}}]}
        """;

    private const string EssentialExited = """
        {"phase": "Running", "conditions": [{"type": "PodScheduled", "status": "True"}],
         "containerStatuses": [{"name": "app", "image": "i", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "startedAt": "2026-11-24T11:59:30Z", "finishedAt": "2026-11-24T11:59:50Z"}}},
                               {"name": "side", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:31Z"}}}]}
        """;

    private const string AllExited = """
        {"phase": "Failed", "conditions": [{"type": "PodScheduled", "status": "True"}],
         "containerStatuses": [{"name": "app", "image": "i", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 1, "startedAt": "2026-11-24T11:59:30Z", "finishedAt": "2026-11-24T11:59:50Z"}}},
                               {"name": "side", "image": "i", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "startedAt": "2026-11-24T11:59:31Z", "finishedAt": "2026-11-24T11:59:51Z"}}}]}
        """;

    public static TheoryData<string, string, string> States => new()
    {
        // what happens, pod status JSON, expected task lastStatus
        { "created, not scheduled", Unscheduled, "PROVISIONING" },
        { "scheduled, pulling", Pulling, "PENDING" },
        { "running", Running, "RUNNING" },
        { "running, essential container not started yet", EssentialNotStarted, "ACTIVATING" },
        { "essential container exited, sidecar running", EssentialExited, "STOPPING" },
        { "all exited", AllExited, "STOPPED" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void Pod_state_maps_to_task_lastStatus(string what, string status, string expected)
    {
        var verdict = PodStatusMapper.Map(Pod(status), deleted: false, Now);

        Assert.True(expected == verdict.Observation.LastStatus, $"{what}: expected {expected}, got {verdict.Observation.LastStatus}");
    }

    [Fact]
    public void Essential_exit_asks_to_stop_the_pod_and_names_the_container()
    {
        var verdict = PodStatusMapper.Map(Pod(EssentialExited), deleted: false, Now);

        Assert.True(verdict.StopPod);
        Assert.Equal("EssentialContainerExited", verdict.Observation.StopCode);
        Assert.Equal("Essential container in task exited: app (exit code 1)", verdict.Observation.StoppedReason);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 59, 50, TimeSpan.Zero), verdict.Observation.StoppingAt);
    }

    [Fact]
    public void Timestamps_runtime_ids_and_digests_come_from_container_statuses()
    {
        var verdict = PodStatusMapper.Map(Pod("""
            {"phase": "Running", "podIP": "10.42.0.9", "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-24T11:59:00Z"}],
             "containerStatuses": [
               {"name": "app", "image": "i", "ready": true, "restartCount": 0, "containerID": "containerd://abc123", "imageID": "docker.io/library/i@sha256:feed",
                "state": {"running": {"startedAt": "2026-11-24T11:59:30Z"}}},
               {"name": "side", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:20Z"}}}]}
            """), deleted: false, Now).Observation;

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 59, 0, TimeSpan.Zero), verdict.PullStartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 59, 20, TimeSpan.Zero), verdict.PullStoppedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 11, 59, 30, TimeSpan.Zero), verdict.StartedAt);
        var app = verdict.Containers.Single(c => c.Name == "app");
        Assert.Equal("abc123", app.RuntimeId);
        Assert.Equal("sha256:feed", app.ImageDigest);
        Assert.Equal("10.42.0.9", app.NetworkBindings!.Single().BindIP);
    }

    [Fact]
    public void A_deleted_pod_is_a_stopped_task()
    {
        var verdict = PodStatusMapper.Map(Pod(Running), deleted: true, Now).Observation;

        Assert.Equal("STOPPED", verdict.LastStatus);
        Assert.Equal(Now, verdict.StoppedAt);
    }

    [Fact]
    public void Health_is_unknown_during_the_grace_period_then_unhealthy()
    {
        const string status = """
            {"phase": "Running", "conditions": [{"type": "PodScheduled", "status": "True"}],
             "containerStatuses": [{"name": "app", "image": "i", "ready": false, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:00Z"}}},
                                   {"name": "side", "image": "i", "ready": true, "restartCount": 0, "state": {"running": {"startedAt": "2026-11-24T11:59:00Z"}}}]}
            """;
        var pod = Pod(status, healthChecks: """{"app": 90}""");

        Assert.Equal("UNKNOWN", PodStatusMapper.Map(pod, false, Now).Observation.HealthStatus);
        Assert.Equal("UNHEALTHY", PodStatusMapper.Map(pod, false, Now.AddSeconds(31)).Observation.HealthStatus);
    }

    private static V1Pod Pod(string status, string healthChecks = "{}") => KubernetesJson.Deserialize<V1Pod>(new JsonObject
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = "task-1",
            ["namespace"] = "demo-us-east-1",
            ["creationTimestamp"] = "2026-11-24T11:58:59Z",
            ["annotations"] = new JsonObject
            {
                ["kecs.dev/task-arn"] = "arn:aws:ecs:us-east-1:1:task/demo/1",
                ["kecs.dev/containers"] = """["app","side"]""",
                ["kecs.dev/essential-containers"] = """["app"]""",
                ["kecs.dev/health-checks"] = healthChecks,
                ["kecs.dev/network-mode"] = "bridge",
            },
        },
        ["spec"] = JsonNode.Parse("""{"containers": [{"name": "app", "image": "i", "ports": [{"containerPort": 80, "protocol": "TCP"}]}, {"name": "side", "image": "i"}]}"""),
        ["status"] = JsonNode.Parse(status),
    }.ToJsonString());
}
