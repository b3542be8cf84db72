using Kecs.Ecs.Model;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Time.Testing;

namespace Kecs.Scheduler.Tests;

/// <summary>The service scheduler's decision, table-tested: from a service, its tasks and a fake clock to the actions.</summary>
public sealed class ServiceDecisionTests
{
    private const string ServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/demo/web";
    private const string Primary = "ecs-svc/2";
    private const string Old = "ecs-svc/1";
    private const long Version = 42;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceThrottleOptions _throttle = new();
    private int _next;

    [Theory]
    [InlineData(3, 0, 3, 0)]
    [InlineData(3, 1, 3, 0)]
    [InlineData(3, 3, null, 0)]
    [InlineData(1, 3, null, 2)]
    public void A_service_keeps_desiredCount_tasks_of_its_primary_deployment(int desired, int running, int? target, int stopped)
    {
        var decision = Decide(Service(desired), Enumerable.Range(0, running).Select(_ => Task(Primary)).ToList());

        Assert.Equal((target, stopped), (decision.Actions.TargetTaskCount, decision.Actions.StopTaskArns.Count));
        Assert.Equal(Version, decision.Actions.ServiceVersion);
    }

    [Fact]
    public void A_scale_in_stops_unhealthy_tasks_before_healthy_ones_and_newest_first()
    {
        var pending = Task(Primary, lastStatus: "PENDING");
        var oldest = Task(Primary, createdMinutesAgo: 30);
        var newest = Task(Primary, createdMinutesAgo: 1);

        var decision = Decide(Service(1), [oldest, pending, newest]);

        Assert.Equal([pending.Arn, newest.Arn], decision.Actions.StopTaskArns);
        Assert.Equal("Service scaled in", decision.Actions.StopReason);
    }

    [Theory]
    [InlineData(100, 200, 4, 0)]
    [InlineData(50, 200, 4, 2)]
    [InlineData(50, 100, null, 2)]
    [InlineData(100, 100, null, 0)]
    public void A_rolling_update_stays_within_minimumHealthyPercent_and_maximumPercent(int minHealthy, int max, int? target, int stopped)
    {
        var service = Service(4, minHealthy, max);

        var decision = Decide(service, Enumerable.Range(0, 4).Select(_ => Task(Old)).ToList());

        Assert.Equal((target, stopped), (decision.Actions.TargetTaskCount, decision.Actions.StopTaskArns.Count));
        Assert.All(decision.Actions.StopTaskArns, _ => Assert.Equal($"Task replaced by deployment {Primary}", decision.Actions.StopReason));
    }

    [Fact]
    public void Tasks_on_a_draining_instance_are_replaced_like_an_older_deployments()
    {
        var onDraining = Task(Primary, instance: "drained");
        var elsewhere = Task(Primary, instance: "other");

        var decision = Decide(Service(2, minHealthy: 50), [onDraining, elsewhere], draining: ["drained"]);

        // One more to start: EcsApi counts the task on the DRAINING instance until it is stopped.
        Assert.Equal(3, decision.Actions.TargetTaskCount);
        Assert.Equal([onDraining.Arn], decision.Actions.StopTaskArns);
        Assert.Equal("Task stopped because its container instance is DRAINING", decision.Actions.StopReason);
        Assert.False(decision.Steady);
    }

    [Fact]
    public void The_rollout_completes_once_and_the_steady_state_is_told_once()
    {
        var service = Service(2);
        service.Deployments!.Add(new Deployment { Id = Old, Status = "ACTIVE", TaskDefinition = "web:1" });
        var tasks = new List<DesiredTask> { Task(Primary), Task(Primary) };

        var first = Decide(service, tasks);
        var told = Decide(Service(2, rolloutState: "COMPLETED"), tasks, memory: new ServiceMemory { Steady = true });

        Assert.Equal(Primary, first.Actions.CompleteDeploymentId);
        Assert.Equal(["(service web) (deployment ecs-svc/2) deployment completed.", "(service web) has reached a steady state."], first.Actions.Events);
        Assert.True(told.Steady);
        Assert.False(told.HasActions);
    }

    [Fact]
    public void Failures_beyond_the_threshold_slow_starts_down_and_the_service_looks_again_when_it_may_start()
    {
        var failed = Enumerable.Range(0, 3).Select(i => Stopped(Primary, "TaskFailedToStart", secondsAgo: 3 - i)).ToList();

        var decision = Decide(Service(1, breaker: false), failed);

        Assert.Null(decision.Actions.TargetTaskCount);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-1) + _throttle.FirstDelay, decision.LookAgainAt);
        Assert.Contains("(service web) is unable to consistently start tasks successfully.", decision.Problems);
        _clock.Advance(_throttle.FirstDelay);
        Assert.Equal(1, Decide(Service(1, breaker: false), failed).Actions.TargetTaskCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_circuit_breaker_fails_the_deployment_at_its_threshold_and_a_failed_deployment_starts_nothing(bool rollback)
    {
        var failed = Enumerable.Range(0, 3).Select(_ => Stopped(Primary, "EssentialContainerExited", secondsAgo: 0)).ToList();

        var tripping = Decide(Service(2, rollback: rollback), failed);
        var afterwards = Decide(Service(2, rolloutState: "FAILED", rollback: rollback), failed);

        Assert.Equal((Primary, rollback, null), (tripping.Actions.FailDeploymentId, tripping.Actions.Rollback, tripping.Actions.TargetTaskCount));
        Assert.Equal(3, tripping.Actions.FailedTasks);
        Assert.Null(afterwards.Actions.TargetTaskCount);
        Assert.Null(afterwards.Actions.FailDeploymentId);
    }

    [Fact]
    public void A_protected_task_is_kept_until_its_protection_ends_and_the_service_looks_again_then()
    {
        var protectedTask = Task(Primary) with { ProtectedUntil = _clock.GetUtcNow().AddMinutes(10) };

        var whileProtected = Decide(Service(0), [protectedTask]);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var afterwards = Decide(Service(0), [protectedTask]);

        Assert.Empty(whileProtected.Actions.StopTaskArns);
        Assert.Equal(protectedTask.ProtectedUntil, whileProtected.LookAgainAt);
        Assert.Equal([protectedTask.Arn], afterwards.Actions.StopTaskArns);
    }

    private ServiceDecision Decide(Service service, List<DesiredTask> tasks, string[]? draining = null, ServiceMemory? memory = null) =>
        ServiceDecision.Decide(
            new ServiceView(service, Version, service.Deployments![0], tasks, null, new HashSet<string>(draining ?? []), _ => null,
                memory ?? new ServiceMemory()),
            _clock.GetUtcNow(), _throttle);

    private static Service Service(
        int desired, int minHealthy = 100, int max = 200, string rolloutState = "IN_PROGRESS", bool breaker = true, bool rollback = false) => new()
    {
        ServiceArn = ServiceArn,
        ServiceName = "web",
        DesiredCount = desired,
        DeploymentConfiguration = new DeploymentConfiguration
        {
            MinimumHealthyPercent = minHealthy,
            MaximumPercent = max,
            DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = breaker, Rollback = rollback },
        },
        Deployments = [new Deployment { Id = Primary, Status = "PRIMARY", RolloutState = rolloutState, TaskDefinition = "web:2" }],
    };

    private DesiredTask Task(string deployment, string lastStatus = "RUNNING", int createdMinutesAgo = 5, string? instance = null) =>
        new(new EcsTask
        {
            TaskArn = $"arn:aws:ecs:us-east-1:123456789012:task/demo/{++_next:D32}",
            StartedBy = deployment,
            LastStatus = lastStatus,
            DesiredStatus = "RUNNING",
            CreatedAt = _clock.GetUtcNow().AddMinutes(-createdMinutesAgo),
            StartedAt = lastStatus == "RUNNING" ? _clock.GetUtcNow().AddMinutes(-createdMinutesAgo) : null,
            ContainerInstanceArn = instance is null ? null : $"arn:aws:ecs:us-east-1:123456789012:container-instance/demo/{instance}",
        }, Definition, null, ServiceArn);

    private DesiredTask Stopped(string deployment, string stopCode, int secondsAgo) =>
        Task(deployment) with
        {
            Task = new EcsTask
            {
                TaskArn = $"arn:aws:ecs:us-east-1:123456789012:task/demo/{++_next:D32}",
                StartedBy = deployment,
                LastStatus = "STOPPED",
                DesiredStatus = "STOPPED",
                StopCode = stopCode,
                StoppedReason = "Essential container in task exited",
                CreatedAt = _clock.GetUtcNow().AddSeconds(-secondsAgo - 60),
                StoppedAt = _clock.GetUtcNow().AddSeconds(-secondsAgo),
            },
        };

    private static readonly TaskDefinition Definition = new()
    {
        Family = "web", Revision = 2, ContainerDefinitions = [new ContainerDefinition { Name = "app", Image = "nginx", Essential = true }],
    };
}
