using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// A task's secrets, environment files and registry credentials read from the AWS companion (a real moto_server) when it
/// starts, as ECS's agent reads them, and handed to its pod through Secrets the pod owns.
/// </summary>
public sealed class CompanionSecretsScenarios
{
    [Fact]
    public async Task Secrets_and_environment_files_arrive_in_the_pod_through_a_Secret_it_owns()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await moto.AwsAsync("ssm", "put-parameter", "--name", "/app/db-password", "--type", "SecureString", "--value", "s3cr3t-db");
        var apiSecret = (await moto.AwsAsync("secretsmanager", "create-secret", "--name", "app/api",
            "--secret-string", """{"token": "s3cr3t-token", "user": "svc"}"""))["ARN"].Text();
        await moto.AwsAsync("s3api", "create-bucket", "--bucket", "app-config");
        var envFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(envFile, "# settings\nMODE=from-file\nFROM_FILE=yes\n", TestContext.Current.CancellationToken);
        await moto.AwsAsync("s3api", "put-object", "--bucket", "app-config", "--key", "app.env", "--body", envFile);
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Aws:Endpoint"] = moto.Url });

        var task = await rig.RunTaskAsync($$"""
            {"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 128,
              "environment": [{"name": "MODE", "value": "from-environment"}],
              "environmentFiles": [{"value": "arn:aws:s3:::app-config/app.env", "type": "s3"}],
              "secrets": [{"name": "DB_PASSWORD", "valueFrom": "/app/db-password"},
                          {"name": "API_TOKEN", "valueFrom": "{{apiSecret}}:token::"}]}]}
            """);
        var running = await rig.WaitForStatusAsync(task["taskArn"].Text(), "RUNNING");

        var pod = rig.Kube!.Pods().Single();
        var (ns, podName) = SchedulerRig.NamesOf(pod);
        var env = pod["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal("from-environment", Variable(env, "MODE")["value"].Text());
        var values = rig.Kube.Store.Get("secrets", ns, podName)!;
        Assert.Equal(new Dictionary<string, string>
        {
            ["FROM_FILE"] = "yes", ["DB_PASSWORD"] = "s3cr3t-db", ["API_TOKEN"] = "s3cr3t-token",
        }, new[] { "FROM_FILE", "DB_PASSWORD", "API_TOKEN" }.ToDictionary(name => name, name => Read(values, Variable(env, name), podName)));
        await OwnedByAsync(rig, ns, podName, pod);
        Assert.DoesNotContain("s3cr3t", pod.ToJsonString());
        Assert.DoesNotContain("s3cr3t", running.ToJsonString());

        await rig.Ecs.OkAsync("StopTask", $$"""{"cluster": "demo", "task": "{{task["taskArn"].Text()}}"}""");
        await SchedulerRig.WaitUntilAsync(() => rig.Kube.Store.Get("secrets", ns, podName) is null, "the Secret went with its pod");
    }

    [Fact]
    public async Task A_secret_that_is_not_there_stops_the_task_before_it_has_a_pod()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Aws:Endpoint"] = moto.Url });

        var task = await rig.RunTaskAsync("""
            {"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 128,
              "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:us-east-1:000000000000:parameter/missing/password"}]}]}
            """);
        var stopped = await rig.WaitForStatusAsync(task["taskArn"].Text(), "STOPPED");

        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.StartsWith("ResourceInitializationError: unable to pull secrets or registry auth: ", stopped["stoppedReason"].Text());
        Assert.Contains("/missing/password", stopped["stoppedReason"].Text());
        Assert.Empty(rig.Kube!.Pods());
    }

    [Fact]
    public async Task Registry_credentials_become_the_pods_image_pull_secret()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        var credentials = (await moto.AwsAsync("secretsmanager", "create-secret", "--name", "registry",
            "--secret-string", """{"username": "robot", "password": "pa55"}"""))["ARN"].Text();
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync(settings: new() { ["Aws:Endpoint"] = moto.Url });

        var task = await rig.RunTaskAsync($$$"""
            {"family": "private", "containerDefinitions": [{"name": "app", "image": "registry.example.com:5000/team/app:1", "memory": 128,
              "repositoryCredentials": {"credentialsParameter": "{{{credentials}}}"}}]}
            """);
        await rig.WaitForStatusAsync(task["taskArn"].Text(), "RUNNING");

        var pod = rig.Kube!.Pods().Single();
        var (ns, podName) = SchedulerRig.NamesOf(pod);
        Assert.Equal($"{podName}-registry", pod["spec"]!["imagePullSecrets"]![0]!["name"].Text());
        var pullSecret = rig.Kube.Store.Get("secrets", ns, $"{podName}-registry")!;
        Assert.Equal("kubernetes.io/dockerconfigjson", pullSecret["type"].Text());
        var config = JsonNode.Parse(Convert.FromBase64String(pullSecret["data"]![".dockerconfigjson"].Text()))!;
        var auth = config["auths"]!["registry.example.com:5000"]!;
        Assert.Equal("robot", auth["username"].Text());
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:pa55")), auth["auth"].Text());
        await OwnedByAsync(rig, ns, $"{podName}-registry", pod);
    }

    [Fact]
    public async Task On_the_simulated_runtime_a_missing_secret_fails_the_start_too()
    {
        await using var moto = await MotoServer.StartOrSkipAsync();
        await using var rig = SchedulerRig.Simulated(new() { ["Aws:Endpoint"] = moto.Url });

        var task = await rig.RunTaskAsync("""
            {"family": "app", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 128,
              "secrets": [{"name": "API_KEY", "valueFrom": "arn:aws:secretsmanager:us-east-1:000000000000:secret:nothing-here-AbCdEf"}]}]}
            """);
        var stopped = await rig.WaitForStatusAsync(task["taskArn"].Text(), "STOPPED");

        Assert.Equal("TaskFailedToStart", stopped["stopCode"].Text());
        Assert.Contains("unable to retrieve secret from asm: failed to fetch secret arn:aws:secretsmanager:us-east-1:000000000000:secret:nothing-here-AbCdEf",
            stopped["stoppedReason"].Text());
        Assert.Null(stopped["startedAt"]);
    }

    /// <summary>Waits until the pod owns the Secret: it becomes the owner just after it is made, while it may be running already.</summary>
    private static Task OwnedByAsync(SchedulerRig rig, string ns, string secretName, JsonObject pod) =>
        SchedulerRig.WaitUntilAsync(
            () => rig.Kube!.Store.Get("secrets", ns, secretName)?["metadata"]?["ownerReferences"]?[0]?["uid"]?.GetValue<string>() == pod["metadata"]!["uid"].Text(),
            $"the pod owns the Secret {secretName}");

    private static JsonNode Variable(JsonArray env, string name) => env.Single(variable => variable!["name"].Text() == name)!;

    /// <summary>The value an environment variable reads from the task's Secret.</summary>
    private static string Read(JsonObject secret, JsonNode variable, string secretName)
    {
        var reference = variable["valueFrom"]!["secretKeyRef"]!;
        Assert.Equal(secretName, reference["name"].Text());
        return Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![reference["key"].Text()].Text()));
    }
}
