namespace Kecs.AppHost.Tests;

/// <summary>
/// A task's secrets and awslogs output with every part of Kecs running and moto_server as its companion, all through the
/// one endpoint with the AWS CLI.
/// </summary>
[Collection(nameof(KecsCollection))]
public sealed class TaskCompanionCliTests(RunningKecs kecs)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_task_reads_its_secret_and_its_echo_arrives_in_its_log_stream()
    {
        RunningKecs.SkipWithoutMotoServer();
        var endpoint = kecs.EndpointUrl;
        await AwsCli.RunAsync(endpoint, Cancellation, "ssm", "put-parameter", "--name", "/cli/token", "--type", "SecureString", "--value", "cli-s3cr3t");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-cluster", "--cluster-name", "companion");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "register-task-definition", "--family", "echo", "--container-definitions", """
            [{"name": "app", "image": "busybox:1.36", "memory": 64, "command": ["sh", "-c", "echo ready to serve; sleep 600"],
              "secrets": [{"name": "TOKEN", "valueFrom": "/cli/token"}],
              "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/cli", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "echo", "awslogs-create-group": "true"}}}]
            """);

        var run = await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "run-task", "--cluster", "companion", "--task-definition", "echo");
        var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var stream = $"echo/app/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}";

        string[] messages = [];
        await Eventually.TrueAsync(async () =>
        {
            var (exitCode, stdout, _) = await AwsCli.RunRawAsync(endpoint, Cancellation,
                "logs", "get-log-events", "--log-group-name", "/ecs/cli", "--log-stream-name", stream, "--start-from-head");
            messages = exitCode == 0
                ? System.Text.Json.Nodes.JsonNode.Parse(stdout)!["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToArray()
                : [];
            return messages.Length > 0;
        }, () => $"the task's line in /ecs/cli {stream}");
        Assert.Equal(["ready to serve"], messages);
        var task = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "describe-tasks", "--cluster", "companion", "--tasks", taskArn))["tasks"]![0]!;
        Assert.Equal("RUNNING", task["lastStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_task_whose_secret_is_missing_stops_with_ECSs_reason()
    {
        RunningKecs.SkipWithoutMotoServer();
        var endpoint = kecs.EndpointUrl;
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-cluster", "--cluster-name", "companion-missing");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "register-task-definition", "--family", "missing-secret", "--container-definitions", """
            [{"name": "app", "image": "busybox:1.36", "memory": 64, "secrets": [{"name": "TOKEN", "valueFrom": "/cli/not-there"}]}]
            """);

        var run = await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "run-task", "--cluster", "companion-missing", "--task-definition", "missing-secret");
        var taskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var (exitCode, _, stderr) = await AwsCli.RunRawAsync(endpoint, Cancellation, "ecs", "wait", "tasks-stopped", "--cluster", "companion-missing", "--tasks", taskArn);
        Assert.True(exitCode == 0, stderr);

        var task = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "describe-tasks", "--cluster", "companion-missing", "--tasks", taskArn))["tasks"]![0]!;
        Assert.Equal("TaskFailedToStart", task["stopCode"]!.GetValue<string>());
        Assert.StartsWith("ResourceInitializationError: unable to pull secrets or registry auth: ", task["stoppedReason"]!.GetValue<string>());
        Assert.Contains("/cli/not-there", task["stoppedReason"]!.GetValue<string>());
    }
}
