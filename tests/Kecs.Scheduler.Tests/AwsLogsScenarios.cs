using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// Containers with the <c>awslogs</c> driver: their output written to CloudWatch Logs in the AWS companion (a real
/// moto_server), read back with the AWS CLI.
/// </summary>
public sealed class AwsLogsScenarios
{
    private static string Logging(string group, bool createGroup = true) => $$$"""
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "{{{group}}}", "awslogs-region": "us-east-1",
          "awslogs-stream-prefix": "web", "awslogs-create-group": "{{{(createGroup ? "true" : "false")}}}"}}
        """;

    [Fact]
    public async Task A_pods_lines_arrive_in_the_stream_once_each_across_a_Scheduler_restart()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Aws:Endpoint"] = moto.Url });
        var task = await rig.RunTaskAsync($$"""
            {"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 128, {{Logging("/ecs/web")}}}]}
            """);
        var taskArn = task["taskArn"].Text();
        var stream = $"web/nginx/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}";
        await rig.WaitForStatusAsync(taskArn, "RUNNING");
        var (ns, pod) = SchedulerRig.NamesOf(rig.Kube!.Pods().Single());

        rig.Kube.Kubelet.Log(ns, pod, "nginx", "GET /one 200");
        await WaitForMessagesAsync(moto, "/ecs/web", stream, ["nginx started from nginx:1.25", "GET /one 200"]);

        await rig.StopSchedulerAsync();
        rig.Kube.Kubelet.Log(ns, pod, "nginx", "GET /two 200");
        rig.StartScheduler();
        rig.Kube.Kubelet.Log(ns, pod, "nginx", "GET /three 200");
        var events = await WaitForMessagesAsync(moto, "/ecs/web", stream,
            ["nginx started from nginx:1.25", "GET /one 200", "GET /two 200", "GET /three 200"]);

        var written = rig.Kube.Kubelet.LogLines(ns, pod, "nginx", 0);
        Assert.Equal(written.Select(line => line.At.ToUnixTimeMilliseconds()), events.Select(e => e!["timestamp"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_simulated_containers_echoed_lines_are_shipped_at_their_times()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await using var rig = SchedulerRig.Simulated(new() { ["Aws:Endpoint"] = moto.Url });
        var task = await rig.RunTaskAsync($$"""
            {"family": "web", "containerDefinitions": [{"name": "app", "image": "busybox:1.36", "memory": 128,
              "command": ["sh", "-c", "echo 'hello from kecs'; sleep 1; echo done; exit 0"], {{Logging("/ecs/echo")}}}]}
            """);
        var taskArn = task["taskArn"].Text();

        var events = await WaitForMessagesAsync(moto, "/ecs/echo", $"web/app/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}", ["hello from kecs", "done"]);

        var started = (await rig.WaitForStatusAsync(taskArn, "STOPPED"))["startedAt"]!.GetValue<decimal>();
        Assert.Equal((long)(started * 1000), events[0]!["timestamp"]!.GetValue<long>());
        Assert.Equal(1000, events[1]!["timestamp"]!.GetValue<long>() - events[0]!["timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_log_group_that_is_not_there_fails_the_task_unless_it_may_be_created()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await using var rig = SchedulerRig.Simulated(new() { ["Aws:Endpoint"] = moto.Url });

        var task = await rig.RunTaskAsync($$"""
            {"family": "web", "containerDefinitions": [{"name": "app", "image": "busybox:1.36", "memory": 128, {{Logging("/ecs/absent", createGroup: false)}}}]}
            """);
        var stopped = await rig.WaitForStatusAsync(task["taskArn"].Text(), "STOPPED");

        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.Contains("ResourceNotFoundException: The specified log group does not exist.", stopped["stoppedReason"].Text());
        Assert.Empty((await moto.AwsAsync("logs", "describe-log-groups"))["logGroups"]!.AsArray());
    }

    /// <summary>Polls <c>aws logs get-log-events</c> until the stream holds exactly these messages, and returns its events.</summary>
    private static async Task<JsonArray> WaitForMessagesAsync(MotoServer moto, string group, string stream, string[] expected)
    {
        JsonArray events = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var (exitCode, stdout, _) = await AwsCli.RunRawAsync(moto.Url, TestContext.Current.CancellationToken,
                "logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head");
            events = exitCode == 0 ? JsonNode.Parse(stdout)!["events"]!.AsArray() : [];
            if (events.Select(e => e!["message"].Text()).SequenceEqual(expected))
            {
                return events;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The stream {group}/{stream} never held exactly [{string.Join(", ", expected)}]; it held [{string.Join(", ", events.Select(e => e!["message"].Text()))}]");
        return events;
    }
}
