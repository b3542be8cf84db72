using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests;

/// <summary>
/// The AWS CLI's task waiters through the gateway, with every Kecs process running: on the simulated
/// runtime, and on Kubernetes (the fake API server, reached through a kubeconfig).
/// </summary>
public sealed class TaskLifecycleCliTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunWaitStopWait_OnTheSimulatedRuntime()
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilReadyAsync(Cancellation);

        await RunWaitStopWaitAsync(appHost.EndpointUrl, "simulated");
    }

    [Fact]
    public async Task RunWaitStopWait_OnKubernetes()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        await using var appHost = AppHostProcess.StartOnKubernetes(kube);
        await appHost.WaitUntilReadyAsync(Cancellation);

        await RunWaitStopWaitAsync(appHost.EndpointUrl, "kubernetes");

        Assert.Empty(kube.Pods());
    }

    [Fact]
    public async Task ServicesStable_HoldsAfterCreateAndAfterARollingUpdate()
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilReadyAsync(Cancellation);
        var endpoint = appHost.EndpointUrl;
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-cluster", "--cluster-name", "cli");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "register-task-definition", "--family", "web",
            "--container-definitions", """[{"name": "nginx", "image": "nginx:1.25", "memory": 128}]""");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-service", "--cluster", "cli", "--service-name", "web",
            "--task-definition", "web", "--desired-count", "2");
        await ServicesStableAsync(endpoint);

        var updated = await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "update-service", "--cluster", "cli", "--service", "web", "--force-new-deployment");
        await ServicesStableAsync(endpoint);

        var service = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "describe-services", "--cluster", "cli", "--services", "web"))["services"]![0]!;
        var deployment = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal(updated["service"]!["deployments"]![0]!["id"]!.GetValue<string>(), deployment["id"]!.GetValue<string>());
        Assert.Equal("COMPLETED", deployment["rolloutState"]!.GetValue<string>());
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());

        var history = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "list-service-deployments", "--cluster", "cli", "--service", "web"))["serviceDeployments"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.Equal(service["currentServiceDeployment"]!.GetValue<string>(), history[0]!["serviceDeploymentArn"]!.GetValue<string>());
        var described = await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "describe-service-deployments",
            "--service-deployment-arns", history[0]!["serviceDeploymentArn"]!.GetValue<string>());
        var latest = described["serviceDeployments"]![0]!;
        Assert.Equal("SUCCESSFUL", latest["status"]!.GetValue<string>());
        Assert.EndsWith(deployment["id"]!.GetValue<string>()["ecs-svc/".Length..], latest["targetServiceRevision"]!["arn"]!.GetValue<string>());
    }

    private static async Task ServicesStableAsync(string endpoint)
    {
        var (exitCode, _, stderr) = await AwsCli.RunRawAsync(endpoint, Cancellation, "ecs", "wait", "services-stable", "--cluster", "cli", "--services", "web");
        Assert.True(exitCode == 0, $"aws ecs wait services-stable exited with {exitCode}: {stderr}");
    }

    private static async Task RunWaitStopWaitAsync(string endpoint, string runtime)
    {
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-cluster", "--cluster-name", "cli");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "register-task-definition", "--family", "web",
            "--container-definitions", """[{"name": "nginx", "image": "nginx:1.25", "memory": 128, "portMappings": [{"containerPort": 80}]}]""");
        var run = await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "run-task", "--cluster", "cli", "--task-definition", "web");
        var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();

        await WaitAsync(endpoint, "tasks-running", taskArn);
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "stop-task", "--cluster", "cli", "--task", taskArn, "--reason", "CI run finished");
        await WaitAsync(endpoint, "tasks-stopped", taskArn);

        var task = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "describe-tasks", "--cluster", "cli", "--tasks", taskArn))["tasks"]![0]!;
        Assert.Equal("STOPPED", task["lastStatus"]!.GetValue<string>());
        Assert.Equal("CI run finished", task["stoppedReason"]!.GetValue<string>());
        Assert.Equal("UserInitiated", task["stopCode"]!.GetValue<string>());
        Assert.Contains(task["attributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "kecs.runtime" && a["value"]!.GetValue<string>() == runtime);
    }

    /// <summary>Runs an ECS waiter; it prints nothing and exits 0 once its acceptors hold.</summary>
    private static async Task WaitAsync(string endpoint, string waiter, string taskArn)
    {
        var (exitCode, _, stderr) = await AwsCli.RunRawAsync(endpoint, Cancellation, "ecs", "wait", waiter, "--cluster", "cli", "--tasks", taskArn);
        Assert.True(exitCode == 0, $"aws ecs wait {waiter} exited with {exitCode}: {stderr}");
    }
}
