using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Tests;

/// <summary>The daemon scheduler's decision, from a daemon, its instances, its tasks and the clock.</summary>
public sealed class DaemonPlanTests
{
    private const string Old = "rev-old";
    private const string New = "rev-new";
    private const string Deployment = "arn:aws:ecs:us-east-1:123456789012:daemon-deployment/demo/agent/abc";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_instance_without_a_task_gets_one_and_a_second_task_on_an_instance_is_stopped()
    {
        var plan = Decide(Daemon(New), ["a", "b", "c"], [Running("t1", "a", New), Running("t2", "a", New, createdLater: true)]);

        Assert.Equal(["b", "c"], plan.StartOn);
        Assert.Equal([("t2", "Only one daemon task runs on a container instance")], plan.Stop);
        Assert.False(plan.Complete);
    }

    [Theory]
    [InlineData(25, 4, 1)]
    [InlineData(50, 4, 2)]
    [InlineData(100, 4, 4)]
    [InlineData(0, 4, 1)]
    [InlineData(34, 3, 1)]
    public void A_new_revision_replaces_drainPercent_of_the_instances_at_a_time(double drainPercent, int instances, int replacedAtOnce)
    {
        var ids = Enumerable.Range(0, instances).Select(i => $"i{i}").ToList();

        var plan = Decide(Daemon(New, drainPercent), ids, ids.Select(id => Running($"t-{id}", id, Old)).ToList());

        Assert.Equal(replacedAtOnce, plan.Stop.Count);
        Assert.All(plan.Stop, stop => Assert.Equal($"Task replaced by daemon deployment {Deployment}", stop.Reason));
        Assert.Empty(plan.StartOn);
    }

    [Fact]
    public void The_next_instance_waits_while_one_is_being_replaced_and_its_new_task_starts_once_the_old_one_stopped()
    {
        var stopping = Running("t-a", "a", Old) with { Task = Task("t-a", "a", Old, "RUNNING", desired: "STOPPED") };
        var stopped = Running("t-a", "a", Old) with { Task = Task("t-a", "a", Old, "STOPPED", desired: "STOPPED") };
        var pending = Running("t-a2", "a", New) with { Task = Task("t-a2", "a", New, "PENDING", desired: "RUNNING") };

        var whileStopping = Decide(Daemon(New, 25), ["a", "b"], [stopping, Running("t-b", "b", Old)]);
        var onceStopped = Decide(Daemon(New, 25), ["a", "b"], [stopped, Running("t-b", "b", Old)]);
        var whileStarting = Decide(Daemon(New, 25), ["a", "b"], [stopped, pending, Running("t-b", "b", Old)]);
        var onceRunning = Decide(Daemon(New, 25), ["a", "b"], [stopped, Running("t-a2", "a", New), Running("t-b", "b", Old)]);

        Assert.True(whileStopping.IsEmpty);
        Assert.Equal(["a"], onceStopped.StartOn);
        Assert.True(whileStarting.IsEmpty);
        Assert.Equal(["t-b"], onceRunning.Stop.Select(s => s.TaskArn));
    }

    [Fact]
    public void A_batch_bakes_before_the_next_one_and_before_the_deployment_succeeds()
    {
        var justStarted = Running("t-a2", "a", New, startedAt: Now.AddMinutes(-1));
        var baked = Running("t-a2", "a", New, startedAt: Now.AddMinutes(-3));

        var baking = Decide(Daemon(New, 25, bakeMinutes: 2), ["a", "b"], [justStarted, Running("t-b", "b", Old)]);
        var next = Decide(Daemon(New, 25, bakeMinutes: 2), ["a", "b"], [baked, Running("t-b", "b", Old)]);
        var lastBaking = Decide(Daemon(New, 25, bakeMinutes: 2), ["a"], [justStarted]);
        var done = Decide(Daemon(New, 25, bakeMinutes: 2), ["a"], [baked]);

        Assert.True(baking.IsEmpty);
        Assert.Equal(Now.AddMinutes(1), baking.LookAgainAt);
        Assert.Equal(["t-b"], next.Stop.Select(s => s.TaskArn));
        Assert.False(lastBaking.Complete);
        Assert.Equal(Now.AddMinutes(1), lastBaking.LookAgainAt);
        Assert.True(done.Complete);
    }

    [Fact]
    public void Tasks_on_instances_that_are_gone_stop_and_no_instances_means_done()
    {
        var plan = Decide(Daemon(New), ["a"], [Running("t-a", "a", New), Running("t-x", "x", New)]);
        var empty = Decide(Daemon(New), [], []);

        Assert.Equal([("t-x", "Container instance x is no longer part of the cluster")], plan.Stop);
        Assert.True(empty.Complete);
    }

    [Fact]
    public void A_task_that_keeps_failing_is_replaced_more_slowly()
    {
        var failed = Enumerable.Range(0, 3).Select(i =>
        {
            var task = Task($"t-{i}", "a", New, "STOPPED", "STOPPED");
            task.StopCode = "TaskFailedToStart";
            task.StoppedAt = Now.AddSeconds(i - 3);
            return Running($"t-{i}", "a", New) with { Task = task };
        }).ToList();

        var plan = Decide(Daemon(New), ["a"], failed);

        Assert.Empty(plan.StartOn);
        Assert.Equal(Now.AddSeconds(-1) + new ServiceThrottleOptions().FirstDelay, plan.LookAgainAt);
        Assert.False(plan.Complete);
    }

    [Fact]
    public void A_deleted_daemon_stops_every_task_and_is_done_when_none_is_left()
    {
        var deleted = Daemon(null);

        var stopping = Decide(deleted, ["a", "b"], [Running("t-a", "a", Old), Running("t-b", "b", Old)]);
        var done = Decide(deleted, ["a", "b"], [Running("t-a", "a", Old) with { Task = Task("t-a", "a", Old, "STOPPED", desired: "STOPPED") }]);

        Assert.Equal([("t-a", "Daemon deleted"), ("t-b", "Daemon deleted")], stopping.Stop);
        Assert.False(stopping.Complete);
        Assert.True(done.Complete);
    }

    private static DaemonPlan Decide(DaemonSpec daemon, IReadOnlyCollection<string> instances, List<DesiredTask> tasks) =>
        DaemonPlan.Decide(daemon, instances, tasks, Now, new ServiceThrottleOptions());

    private static DaemonSpec Daemon(string? revision, double drainPercent = 25, int bakeMinutes = 0) => new()
    {
        ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/demo",
        Status = revision is null ? "DELETE_IN_PROGRESS" : "ACTIVE",
        RevisionId = revision,
        DeploymentArn = Deployment,
        DeploymentStatus = "IN_PROGRESS",
        DrainPercent = drainPercent,
        BakeTimeInMinutes = bakeMinutes,
    };

    private static DesiredTask Running(string id, string instance, string revision, DateTimeOffset? startedAt = null, bool createdLater = false) =>
        new(Task(id, instance, revision, "RUNNING", "RUNNING", startedAt, createdLater), new TaskDefinition(), null, null, null,
            "arn:aws:ecs:us-east-1:123456789012:daemon/demo/agent");

    private static EcsTask Task(
        string id, string instance, string revision, string lastStatus, string desired, DateTimeOffset? startedAt = null, bool createdLater = false) => new()
    {
        TaskArn = id,
        ContainerInstanceArn = $"arn:aws:ecs:us-east-1:123456789012:container-instance/demo/{instance}",
        StartedBy = revision,
        LastStatus = lastStatus,
        DesiredStatus = desired,
        CreatedAt = Now.AddMinutes(createdLater ? -5 : -10),
        StartedAt = lastStatus == "RUNNING" ? startedAt ?? Now.AddMinutes(-9) : null,
    };
}
