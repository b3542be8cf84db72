using System.Text;
using System.Text.Json.Nodes;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests.Security;

/// <summary>
/// A task definition's <c>secrets</c> resolve to Kubernetes Secrets, whose values Kecs reads to check them but never
/// repeats: not in any process's log (at Trace level), not in exported traces or logs, not in the ECS API's answers.
/// </summary>
public sealed class SecretValueTests
{
    private const string Namespace = "vault-us-east-1";
    private const string ApiKey = "kecs-api-key-value-7f3e91";
    private const string DbPassword = "kecs-db-password-value-c2a84d";
    private const string UnusedKey = "kecs-unused-value-5b0d17";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secret_values_appear_in_no_log_trace_or_API_answer()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var kube = await FakeKubeApiServer.StartAsync();
        AddSecret(kube, "ssm-prod-api-key", ("value", ApiKey));
        AddSecret(kube, "sm-prod-db", ("password", DbPassword), ("unused", UnusedKey));
        await using var appHost = AppHostProcess.StartOnKubernetes(kube, new()
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });
        await appHost.WaitUntilReadyAsync(Cancellation);
        var ecs = appHost.Ecs();

        await ecs.OkAsync("CreateCluster", """{"clusterName": "vault"}""");
        await ecs.RegisterAsync("""
            {"family": "secretive", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "secrets": [
              {"name": "API_KEY", "valueFrom": "arn:aws:ssm:us-east-1:000000000000:parameter/prod/api-key"},
              {"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod-db:password::"}]}]}
            """);
        await ecs.RegisterAsync("""
            {"family": "misconfigured", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "secrets": [
              {"name": "DB_USER", "valueFrom": "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod-db:username::"}]}]}
            """);
        var running = await RunAsync(ecs, "secretive");
        var failed = await RunAsync(ecs, "misconfigured");
        await ecs.OkAsync("CreateService", """{"cluster": "vault", "serviceName": "api", "taskDefinition": "secretive", "desiredCount": 2}""");

        var runningTask = await WaitForTaskAsync(ecs, running, "RUNNING");
        var failedTask = await WaitForTaskAsync(ecs, failed, "STOPPED");
        await ecs.OkAsync("StopTask", $$"""{"cluster": "vault", "task": "{{running}}"}""");
        await WaitForTaskAsync(ecs, running, "STOPPED");
        Assert.Contains("DB_USER", failedTask["stoppedReason"]!.GetValue<string>());
        var taskId = running.Split('/')[^1];
        await Eventually.TrueAsync(() => Encoding.UTF8.GetString(otlp.Received("traces")).Contains(taskId), "the task's spans to be exported");
        await Eventually.TrueAsync(() => otlp.Received("logs").Length > 0, "logs to be exported");

        var answers = new[]
        {
            runningTask.ToJsonString(),
            failedTask.ToJsonString(),
            (await ecs.OkAsync("DescribeTaskDefinition", """{"taskDefinition": "secretive"}""")).ToJsonString(),
            (await ecs.OkAsync("DescribeServices", """{"cluster": "vault", "services": ["api"]}""")).ToJsonString(),
            await appHost.Http.GetStringAsync("/admin/api/state", Cancellation),
        };
        var places = new Dictionary<string, string>
        {
            ["every process's console log at Trace level"] = appHost.Output,
            ["exported traces"] = Encoding.UTF8.GetString(otlp.Received("traces")),
            ["exported logs"] = Encoding.UTF8.GetString(otlp.Received("logs")),
            ["ECS and admin API answers"] = string.Join('\n', answers),
            ["pod specs"] = string.Join('\n', kube.Pods().Select(p => p.ToJsonString())),
        };
        foreach (var secret in new[] { ApiKey, DbPassword, UnusedKey })
        {
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) })
            {
                Assert.All(places, place => Assert.False(place.Value.Contains(form, StringComparison.Ordinal), $"a secret value is in the {place.Key}"));
            }
        }
    }

    private static void AddSecret(FakeKubeApiServer kube, string name, params (string Key, string Value)[] data)
    {
        kube.AddNamespace(Namespace);
        var values = new JsonObject();
        foreach (var (key, value) in data)
        {
            values[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        kube.Store.TryCreate("secrets", Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = values }, DateTimeOffset.UtcNow);
    }

    private static async Task<string> RunAsync(EcsClient ecs, string family) =>
        (await ecs.OkAsync("RunTask", $$"""{"cluster": "vault", "taskDefinition": "{{family}}"}"""))["tasks"]![0]!["taskArn"]!.GetValue<string>();

    private static async Task<JsonNode> WaitForTaskAsync(EcsClient ecs, string taskArn, string lastStatus)
    {
        JsonNode? task = null;
        await Eventually.TrueAsync(async () =>
        {
            task = (await ecs.OkAsync("DescribeTasks", $$"""{"cluster": "vault", "tasks": ["{{taskArn}}"]}"""))["tasks"]![0]!;
            return task["lastStatus"]!.GetValue<string>() == lastStatus;
        }, $"task {taskArn} to be {lastStatus}");
        return task!;
    }
}
