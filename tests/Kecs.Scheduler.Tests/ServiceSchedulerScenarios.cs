using System.Text.Json.Nodes;
using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>Replica maintenance: services keep desiredCount tasks of their PRIMARY deployment, on both runtimes.</summary>
public sealed class ServiceSchedulerScenarios
{
    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task A_new_service_runs_desiredCount_tasks_and_reaches_a_steady_state(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 3);

        var service = await WaitForServiceAsync(rig, s => Running(s) == 3 && Events(s).Any(e => e.EndsWith("has reached a steady state.")), "steady with 3 running");

        Assert.Equal("COMPLETED", service["deployments"]![0]!["rolloutState"].Text());
        Assert.Single(service["deployments"]!.AsArray());
        Assert.Contains(Events(service), e => e.StartsWith("(service websvc) has started 3 tasks: (task "));
        var tasks = await ServiceTasksAsync(rig);
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("service:websvc", t["group"].Text()));
        Assert.All(tasks, t => Assert.Equal(service["deployments"]![0]!["id"].Text(), t["startedBy"].Text()));
    }

    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task Scaling_out_and_in_starts_and_stops_tasks(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 3);
        await WaitForServiceAsync(rig, s => Running(s) == 3, "3 running");

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 5}""");
        await WaitForServiceAsync(rig, s => Running(s) == 5, "5 running");
        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 1}""");
        var service = await WaitForServiceAsync(rig, s => Running(s) == 1 && s["pendingCount"]!.GetValue<int>() == 0, "1 running");

        // Usually one event for all four; a busy machine may split the scale-in over two rounds.
        var stoppedByEvents = Events(service).Where(e => e.StartsWith("(service websvc) has stopped ", StringComparison.Ordinal))
            .Sum(e => int.Parse(e.Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, stoppedByEvents);
        var stopped = (await ServiceTasksAsync(rig, "STOPPED")).Where(t => t["lastStatus"].Text() == "STOPPED").ToList();
        Assert.All(stopped, t => Assert.Equal("ServiceSchedulerInitiated", t["stopCode"].Text()));
    }

    [Fact]
    public async Task A_task_killed_behind_Kecs_is_replaced_with_an_event()
    {
        await using var rig = await StartAsync("kubernetes");
        await CreateServiceAsync(rig, desiredCount: 2);
        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 running");
        var victim = rig.Kube!.Pods().First();
        var (ns, name) = SchedulerRig.NamesOf(victim);

        rig.Kube.Store.Remove("pods", ns, name);

        var service = await WaitForServiceAsync(rig,
            s => Running(s) == 2 && Events(s).Count(e => e.Contains("has started 1 tasks")) == 1, "the killed task replaced");
        Assert.Equal(2, rig.Kube.Pods().Count);
        Assert.DoesNotContain(rig.Kube.Pods(), p => p["metadata"]!["name"].Text() == name);
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task ForceNewDeployment_replaces_every_task_and_completes(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 2);
        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 running");
        var before = (await ServiceTasksAsync(rig)).Select(t => t["taskArn"].Text()).ToHashSet();

        var updated = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "forceNewDeployment": true}"""))["service"]!;
        var newDeployment = updated["deployments"]![0]!["id"].Text();

        var service = await WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["id"].Text() == newDeployment
                 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 2, "the new deployment completed");
        var after = (await ServiceTasksAsync(rig)).Select(t => t["taskArn"].Text()).ToHashSet();
        Assert.Empty(before.Intersect(after));
        Assert.Contains(Events(service), e => e == $"(service websvc) (deployment {newDeployment}) deployment completed.");
    }

    [Theory]
    [InlineData("simulated", 50, 200)]
    [InlineData("simulated", 100, 200)]
    [InlineData("simulated", 0, 100)]
    [InlineData("kubernetes", 50, 200)]
    [InlineData("kubernetes", 100, 200)]
    public async Task A_rolling_update_stays_within_minimumHealthyPercent_and_maximumPercent(string runtime, int minimumHealthy, int maximum)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 4,
            $$""", "deploymentConfiguration": {"minimumHealthyPercent": {{minimumHealthy}}, "maximumPercent": {{maximum}}}""");
        await WaitForServiceAsync(rig, s => Running(s) == 4 && s["deployments"]!.AsArray().Count == 1, "4 running");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web);

        var samples = new List<(int Healthy, int Total)>();
        var waiterHeldEarly = false;
        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}""");
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            // The service first: an old task stopped between the two reads must not look wanted beside the completed rollout.
            var s = await DescribeServiceAsync(rig);
            var tasks = await AllServiceTasksAsync(rig);
            samples.Add(Sample(s, tasks));
            // The services-stable waiter's acceptor must not hold while an old task is still wanted.
            var acceptorHolds = s["deployments"]!.AsArray().Count == 1 && Running(s) == s["desiredCount"]!.GetValue<int>();
            waiterHeldEarly |= acceptorHolds && tasks.Any(t => t["desiredStatus"].Text() == "RUNNING" && !t["taskDefinitionArn"].Text().EndsWith("web:2"));
            return s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 4;
        }, "the rollout completed");

        var minHealthy = (int)Math.Ceiling(4 * minimumHealthy / 100.0);
        var maxTotal = 4 * maximum / 100;
        Assert.All(samples, sample => Assert.InRange(sample.Healthy, minHealthy, int.MaxValue));
        Assert.All(samples, sample => Assert.InRange(sample.Total, 0, maxTotal));
        Assert.False(waiterHeldEarly, "services-stable's acceptor held while tasks of the old deployment were still wanted");
        var running = await ServiceTasksAsync(rig);
        Assert.All(running, t => Assert.EndsWith("web:2", t["taskDefinitionArn"].Text()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_revision_whose_container_exits_trips_the_circuit_breaker(bool rollback)
    {
        await using var rig = await StartAsync("kubernetes");
        rig.Kube!.Kubelet.CrashingImages["nginx:broken"] = 1;
        await CreateServiceAsync(rig, desiredCount: 2,
            $$$""", "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": {{{(rollback ? "true" : "false")}}}}}""");
        var first = await WaitForServiceAsync(rig, s => s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the first deployment completed");
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web.Replace("nginx:1.25", "nginx:broken"));

        var broken = (await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}"""))["service"]!["deployments"]![0]!["id"].Text();

        var failed = await WaitForServiceAsync(rig, s => s["deployments"]!.AsArray().Any(d => d!["id"].Text() == broken && d["rolloutState"].Text() == "FAILED"), "FAILED");
        var failedDeployment = failed["deployments"]!.AsArray().Single(d => d!["id"].Text() == broken)!;
        Assert.InRange(failedDeployment["failedTasks"]!.GetValue<int>(), 3, 4);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", failedDeployment["rolloutStateReason"].Text());
        Assert.Contains(Events(failed), e => e == $"(service websvc) (deployment {broken}) deployment failed: tasks failed to start.");
        if (rollback)
        {
            var rolledBack = await WaitForServiceAsync(rig,
                s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED" && Running(s) == 2, "rolled back");
            Assert.EndsWith("web:1", rolledBack["taskDefinition"].Text());
            Assert.NotEqual(first["deployments"]![0]!["id"].Text(), rolledBack["deployments"]![0]!["id"].Text());
            Assert.All(await ServiceTasksAsync(rig), t => Assert.EndsWith("web:1", t["taskDefinitionArn"].Text()));
            var history = await DescribeDeploymentAsync(rig, failed["currentServiceDeployment"].Text());
            Assert.Equal("ROLLBACK_SUCCESSFUL", history["status"].Text());
            Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", history["rollback"]!["reason"].Text());
            Assert.Equal("TRIGGERED", history["deploymentCircuitBreaker"]!["status"].Text());
            Assert.Equal(3, history["deploymentCircuitBreaker"]!["threshold"]!.GetValue<int>());
        }
        else
        {
            Assert.Equal("PRIMARY", failedDeployment["status"].Text());
            var history = await DescribeDeploymentAsync(rig, failed["currentServiceDeployment"].Text());
            Assert.Equal("STOPPED", history["status"].Text());
            Assert.NotNull(history["stoppedAt"]);
            Assert.Equal("TRIGGERED", history["deploymentCircuitBreaker"]!["status"].Text());
            Assert.InRange(history["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>(), 3, 4);
        }
    }

    [Fact]
    public async Task A_service_with_port_mappings_is_reachable_by_its_name_until_deleted()
    {
        await using var rig = await StartAsync("kubernetes");
        await CreateServiceAsync(rig, desiredCount: 2);
        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 running");

        await SchedulerRig.WaitUntilAsync(() => rig.Kube!.Store.Get("services", "demo-us-east-1", "websvc") is not null, "a Kubernetes Service");
        var kubeService = rig.Kube!.Store.Get("services", "demo-us-east-1", "websvc")!;
        Assert.Equal("ClusterIP", kubeService["spec"]!["type"].Text());
        Assert.Equal(80, kubeService["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
        var selector = kubeService["spec"]!["selector"]!.AsObject();
        Assert.All(rig.Kube.Pods(), pod => Assert.All(selector, label => Assert.Equal(label.Value.Text(), pod["metadata"]!["labels"]![label.Key].Text())));

        await rig.Ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc", "force": true}""");
        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Store.Get("services", "demo-us-east-1", "websvc") is null, "the Kubernetes Service deleted");
    }

    [Fact]
    public async Task A_RunTask_task_in_a_group_named_like_the_service_is_not_the_services()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 1);
        await WaitForServiceAsync(rig, s => Running(s) == 1, "1 running");
        var lookalike = (await rig.Ecs.OkAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web", "group": "service:websvc"}"""))["tasks"]![0]!["taskArn"].Text();

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 2}""");

        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 of the service's own tasks running");
        Assert.DoesNotContain(lookalike, (await ServiceTasksAsync(rig)).Select(t => t["taskArn"].Text()));
        var described = await rig.Ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": ["{{lookalike}}"]}""");
        Assert.Equal("RUNNING", described["tasks"]![0]!["desiredStatus"].Text());
    }

    [Fact]
    public async Task A_Kubernetes_Service_deleted_outside_Kecs_is_made_again()
    {
        await using var rig = await StartAsync("kubernetes");
        await CreateServiceAsync(rig, desiredCount: 1);
        await SchedulerRig.WaitUntilAsync(() => rig.Kube!.Store.Get("services", "demo-us-east-1", "websvc") is not null, "a Kubernetes Service");

        // As `kubectl delete service websvc` would: the ECS service does not change.
        rig.Kube!.Store.Remove("services", "demo-us-east-1", "websvc");

        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Store.Get("services", "demo-us-east-1", "websvc") is not null, "the Kubernetes Service made again");
        Assert.Equal(80, rig.Kube.Store.Get("services", "demo-us-east-1", "websvc")!["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Runtimes), MemberType = typeof(ServiceSteps))]
    public async Task DeleteService_with_force_drains_then_goes_inactive(string runtime)
    {
        await using var rig = await StartAsync(runtime);
        await CreateServiceAsync(rig, desiredCount: 2);
        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 running");

        var deleted = (await rig.Ecs.OkAsync("DeleteService", """{"cluster": "demo", "service": "websvc", "force": true}"""))["service"]!;
        Assert.Equal("DRAINING", deleted["status"].Text());

        await WaitForServiceAsync(rig, s => s["status"].Text() == "INACTIVE", "INACTIVE");
        Assert.All(await ServiceTasksAsync(rig, "STOPPED"), t => Assert.Equal("STOPPED", t["lastStatus"].Text()));
        if (rig.Kube is not null)
        {
            await SchedulerRig.WaitUntilAsync(() => rig.Kube.Pods().Count == 0, "no pods left");
        }
    }

    [Fact]
    public async Task Concurrent_RunTask_StopTask_and_UpdateService_leave_consistent_counts()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 3);
        await WaitForServiceAsync(rig, s => Running(s) == 3, "3 running");
        var random = new Random(5);
        var calls = new List<Task<EcsResponse>>();
        for (var i = 0; i < 30; i++)
        {
            calls.Add(rig.Ecs.CallAsync("UpdateService", $$"""{"cluster": "demo", "service": "websvc", "desiredCount": {{random.Next(0, 6)}}}"""));
            calls.Add(rig.Ecs.CallAsync("RunTask", """{"cluster": "demo", "taskDefinition": "web"}"""));
            if (await ServiceTasksAsync(rig) is { Count: > 0 } running)
            {
                calls.Add(rig.Ecs.CallAsync("StopTask", $$"""{"cluster": "demo", "task": "{{running[random.Next(running.Count)]["taskArn"].Text()}}"}"""));
            }
        }

        Assert.All(await Task.WhenAll(calls), response => Assert.Equal(200, response.Status));
        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 2}""");

        var service = await WaitForServiceAsync(rig, s => Running(s) == 2 && s["pendingCount"]!.GetValue<int>() == 0, "2 running");
        Assert.Equal(2, service["deployments"]!.AsArray().Sum(d => d!["runningCount"]!.GetValue<int>()));
        Assert.Equal(2, (await ServiceTasksAsync(rig)).Count(t => t["lastStatus"].Text() == "RUNNING"));
        await SchedulerRig.WaitUntilAsync(async () =>
        {
            var cluster = (await rig.Ecs.OkAsync("DescribeClusters", """{"clusters": ["demo"]}"""))["clusters"]![0]!;
            var arns = (await rig.Ecs.OkAsync("ListTasks", """{"cluster": "demo", "maxResults": 100}"""))["taskArns"]!.AsArray();
            var tasks = (await rig.Ecs.OkAsync("DescribeTasks", $$"""{"cluster": "demo", "tasks": {{arns.ToJsonString()}}}"""))["tasks"]!.AsArray();
            return cluster["runningTasksCount"]!.GetValue<int>() == tasks.Count(t => t!["lastStatus"].Text() == "RUNNING")
                   && cluster["pendingTasksCount"]!.GetValue<int>() == 0 && cluster["activeServicesCount"]!.GetValue<int>() == 1;
        }, "the cluster's counts match its tasks");
    }
}
