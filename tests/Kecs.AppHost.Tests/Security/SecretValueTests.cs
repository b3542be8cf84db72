using System.Text;
using System.Text.Json.Nodes;
using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests.Security;

/// <summary>
/// A task definition's <c>secrets</c>, read from the AWS companion or (without one) resolved to Kubernetes Secrets: Kecs
/// never repeats their values: not in any process's log (at Trace level), not in exported traces or logs, not in the ECS
/// API's answers, not in pod specs (only in the Secret the pod reads).
/// </summary>
public sealed class SecretValueTests
{
    private const string Namespace = "vault-us-east-1";
    private const string ApiKey = "kecs-api-key-value-7f3e91";
    private const string DbPassword = "kecs-db-password-value-c2a84d";
    private const string UnusedKey = "kecs-unused-value-5b0d17";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secret_values_from_Kubernetes_Secrets_appear_in_no_log_trace_or_API_answer()
    {
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var kube = await FakeKubeApiServer.StartAsync();
        AddSecret(kube, "ssm-prod-api-key", ("value", ApiKey));
        AddSecret(kube, "sm-prod-db", ("password", DbPassword), ("unused", UnusedKey));
        await using var appHost = StartTracing(kube, otlp, withCompanion: false);
        await appHost.WaitUntilReadyAsync(Cancellation);

        var failed = await RunTasksAsync(appHost, kube, otlp,
            "arn:aws:ssm:us-east-1:000000000000:parameter/prod/api-key", "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod-db");

        Assert.Contains("DB_USER", failed["stoppedReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secret_values_from_the_AWS_companion_appear_in_no_log_trace_or_API_answer()
    {
        RunningKecs.SkipWithoutMotoServer();
        await using var otlp = await OtlpReceiver.StartAsync();
        await using var kube = await FakeKubeApiServer.StartAsync();
        await using var appHost = StartTracing(kube, otlp, withCompanion: true);
        await appHost.WaitUntilReadyAsync(Cancellation);
        await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ssm", "put-parameter", "--name", "/prod/api-key", "--type", "SecureString", "--value", ApiKey);
        var database = (await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "secretsmanager", "create-secret", "--name", "prod-db",
            "--secret-string", $$"""{"password": "{{DbPassword}}", "unused": "{{UnusedKey}}"}"""))["ARN"]!.GetValue<string>();

        var failed = await RunTasksAsync(appHost, kube, otlp, "/prod/api-key", database);

        Assert.Contains("did not contain json key username", failed["stoppedReason"]!.GetValue<string>());
    }

    private static AppHostProcess StartTracing(FakeKubeApiServer kube, OtlpReceiver otlp, bool withCompanion) =>
        AppHostProcess.StartOnKubernetes(kube, new()
        {
            ["Kecs__Aws"] = withCompanion ? "true" : "false",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        });

    /// <summary>
    /// Runs a task that reads two secrets, one whose JSON key is missing and a service, then looks for the values everywhere
    /// Kecs writes; returns the task that could not start.
    /// </summary>
    private static async Task<JsonNode> RunTasksAsync(AppHostProcess appHost, FakeKubeApiServer kube, OtlpReceiver otlp, string apiKey, string database)
    {
        var ecs = appHost.Ecs();
        await ecs.OkAsync("CreateCluster", """{"clusterName": "vault"}""");
        await ecs.RegisterAsync($$"""
            {"family": "secretive", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "secrets": [
              {"name": "API_KEY", "valueFrom": "{{apiKey}}"},
              {"name": "DB_PASSWORD", "valueFrom": "{{database}}:password::"}]}]}
            """);
        await ecs.RegisterAsync($$"""
            {"family": "misconfigured", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "secrets": [
              {"name": "DB_USER", "valueFrom": "{{database}}:username::"}]}]}
            """);
        var running = await RunAsync(ecs, "secretive");
        var failed = await RunAsync(ecs, "misconfigured");
        await ecs.OkAsync("CreateService", """{"cluster": "vault", "serviceName": "api", "taskDefinition": "secretive", "desiredCount": 2}""");

        var runningTask = await WaitForTaskAsync(ecs, running, "RUNNING");
        var failedTask = await WaitForTaskAsync(ecs, failed, "STOPPED");
        await ecs.OkAsync("StopTask", $$"""{"cluster": "vault", "task": "{{running}}"}""");
        await WaitForTaskAsync(ecs, running, "STOPPED");
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

        return failedTask;
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
