using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kecs.AdminApi.Tests;

/// <summary>Each admin endpoint against EcsApi and the Scheduler, on the fake Kubernetes API server or the simulated runtime.</summary>
public sealed class AdminApiTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_turns_unhealthy_while_Kubernetes_is_unreachable_and_healthy_after()
    {
        await using var rig = await AdminRig.OnFakeKubernetesAsync();
        JsonNode healthy = null!;
        await SchedulerRig.WaitUntilAsync(async () => (healthy = (await HealthAsync(rig)).Body)["status"].Text() == "healthy", "healthy at start");
        var kubernetes = healthy["components"]!["kubernetes"]!;
        Assert.Equal(("kubernetes", "v1.33.0-kecs-fake"), (kubernetes["runtime"].Text(), kubernetes["version"].Text()));
        Assert.False(string.IsNullOrEmpty(kubernetes["context"].Text()));
        var storage = healthy["components"]!["storage"]!;
        Assert.Equal(Path.Combine(rig.Kecs.EcsApi.DataDirectory, "kecs.duckdb"), storage["databasePath"].Text());
        Assert.True(storage["sizeBytes"]!.GetValue<long>() > 0);

        rig.Kecs.Kube!.Down = true;
        JsonNode down = null!;
        await SchedulerRig.WaitUntilAsync(async () => (down = (await HealthAsync(rig)).Body)["status"].Text() != "healthy", "unhealthy");
        Assert.Equal("unhealthy", down["components"]!["kubernetes"]!["status"].Text());
        Assert.Contains("did not answer", down["components"]!["kubernetes"]!["error"].Text());
        var ready = await rig.Http.GetAsync("/admin/ready", Cancellation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith("not ready: ", await ready.Content.ReadAsStringAsync(Cancellation));

        rig.Kecs.Kube.Down = false;
        await SchedulerRig.WaitUntilAsync(async () => (await HealthAsync(rig)).Status == HttpStatusCode.OK, "healthy again");
        Assert.Equal("ready\n", await rig.Http.GetStringAsync("/admin/ready", Cancellation));
    }

    [Fact]
    public async Task Info_names_version_endpoints_region_account_data_runtime_and_no_AWS_companion()
    {
        await using var rig = AdminRig.Simulated();

        var info = (await rig.Http.GetFromJsonAsync<JsonNode>("/admin/info", Cancellation))!;

        Assert.False(string.IsNullOrEmpty(info["version"].Text()));
        Assert.EndsWith("/admin/metrics", info["endpoints"]!["metrics"].Text());
        Assert.Equal(("us-east-1", "123456789012"), (info["region"].Text(), info["accountId"].Text()));
        Assert.Equal(rig.Kecs.EcsApi.DataDirectory, info["dataDirectory"].Text());
        Assert.Equal("simulated", info["runtime"].Text());
        Assert.True(info["uptimeSeconds"]!.GetValue<double>() > 0);
        Assert.Equal("none", info["aws"]!["companion"].Text());
        Assert.Null(info["aws"]!["endpoint"]);
    }

    [Fact]
    public async Task Info_names_the_AWS_companion_the_AppHost_gave()
    {
        await using var rig = AdminRig.Simulated(new()
        {
            ["Aws:Endpoint"] = "http://127.0.0.1:41234",
            ["Aws:Companion"] = "moto_server started by Kecs",
        });

        var info = (await rig.Http.GetFromJsonAsync<JsonNode>("/admin/info", Cancellation))!;

        Assert.Equal(("http://127.0.0.1:41234", "moto_server started by Kecs"), (info["aws"]!["endpoint"].Text(), info["aws"]!["companion"].Text()));
    }

    [Fact]
    public async Task Reset_leaves_no_pod_service_or_namespace_of_Kecs_on_Kubernetes()
    {
        await using var rig = await AdminRig.OnFakeKubernetesAsync();
        var ecs = rig.Kecs.Ecs;
        await ecs.ClusterAsync();
        await ecs.OkAsync("RegisterTaskDefinition", """
            {"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 128, "portMappings": [{"containerPort": 80}]}]}
            """);
        await ecs.ServiceAsync(desiredCount: 2);
        await ecs.RunTaskAsync();
        var kube = rig.Kecs.Kube!;
        await SchedulerRig.WaitUntilAsync(() => kube.Pods().Count == 3 && kube.Store.List("services", null, _ => true).Count == 1, "3 pods and a Service");

        var response = await rig.Http.PostAsync("/admin/reset", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reset = (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!;
        Assert.Equal((1, 1, 3), (reset["clusters"]!.GetValue<int>(), reset["services"]!.GetValue<int>(), reset["tasks"]!.GetValue<int>()));
        Assert.True(reset["kubernetesCleared"]!.GetValue<bool>());
        Assert.Empty(kube.Pods());
        Assert.Empty(kube.Store.List("services", null, _ => true));
        Assert.DoesNotContain(kube.Store.List("namespaces", null, _ => true), ns => ns["metadata"]!["labels"]?["app.kubernetes.io/managed-by"]?.GetValue<string>() == "kecs");
        Assert.Empty((await ecs.OkAsync("ListClusters"))["clusterArns"]!.AsArray());
    }

    [Fact]
    public async Task A_snapshot_exported_and_imported_through_the_admin_API_runs_again()
    {
        await using var rig = AdminRig.Simulated();
        var ecs = rig.Kecs.Ecs;
        await ecs.ClusterAsync();
        await ecs.RegisterAsync();
        await ecs.ServiceAsync(desiredCount: 2);
        await WaitForRunningAsync(ecs, 2);
        var snapshot = await rig.Http.GetStringAsync("/admin/snapshot", Cancellation);
        Assert.Equal(HttpStatusCode.OK, (await rig.Http.PostAsync("/admin/reset", null, Cancellation)).StatusCode);

        var imported = await rig.Http.PostAsync("/admin/snapshot", new StringContent(snapshot, System.Text.Encoding.UTF8, "application/json"), Cancellation);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        await WaitForRunningAsync(ecs, 2);
        var refused = await rig.Http.PostAsync("/admin/snapshot", new StringContent("""{"format": "zip"}""", System.Text.Encoding.UTF8, "application/json"), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This is not a kecs-state-snapshot", await refused.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Operations_refuse_callers_off_this_machine_without_the_admin_token()
    {
        await using var rig = AdminRig.Simulated();

        foreach (var (method, path) in new[] { (HttpMethod.Post, "/admin/reset"), (HttpMethod.Get, "/admin/snapshot"), (HttpMethod.Post, "/admin/snapshot") })
        {
            using var remote = new HttpRequestMessage(method, path);
            remote.Headers.Add("X-Forwarded-For", "203.0.113.9");
            var refused = await rig.Http.SendAsync(remote, Cancellation);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("X-Kecs-Admin-Token", await refused.Content.ReadAsStringAsync(Cancellation));
        }

        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/admin/snapshot");
        withToken.Headers.Add("X-Forwarded-For", "203.0.113.9");
        withToken.Headers.Add("X-Kecs-Admin-Token", AdminRig.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await rig.Http.SendAsync(withToken, Cancellation)).StatusCode);
        using var health = new HttpRequestMessage(HttpMethod.Get, "/admin/info");
        health.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.OK, (await rig.Http.SendAsync(health, Cancellation)).StatusCode);
    }

    [Fact]
    public async Task Task_logs_come_from_the_pod_and_the_simulated_runtime_says_it_has_none()
    {
        await using var kubernetes = await AdminRig.OnFakeKubernetesAsync();
        var taskArn = await RunAndWaitAsync(kubernetes);
        var log = await kubernetes.Http.GetStringAsync($"/admin/tasks/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}/logs?container=nginx", Cancellation);
        Assert.Equal("nginx started from nginx:1.25\n", log);

        await using var simulated = AdminRig.Simulated();
        var simulatedArn = await RunAndWaitAsync(simulated);
        var none = await simulated.Http.GetAsync($"/admin/tasks/{simulatedArn[(simulatedArn.LastIndexOf('/') + 1)..]}/logs", Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Contains("there are no logs", await none.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Metrics_gather_requests_tasks_services_lag_and_reconcile_durations()
    {
        await using var rig = AdminRig.Simulated();
        await RunAndWaitAsync(rig);

        var response = await rig.Http.GetAsync("/admin/metrics", Cancellation);
        var metrics = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("kecs_component_up{component=\"scheduler\"} 1", metrics);
        Assert.Contains("kecs_ecs_requests_total{otel_scope_name=\"Kecs.EcsApi\",error_type=\"\",operation=\"RunTask\",outcome=\"success\"} 1", metrics);
        Assert.Contains("kecs_ecs_tasks{otel_scope_name=\"Kecs.EcsApi\",last_status=\"RUNNING\"} 1", metrics);
        Assert.Contains("kecs_scheduler_lag_seconds{", metrics);
        Assert.Contains("kecs_scheduler_reconcile_duration_seconds_count{otel_scope_name=\"Kecs.Scheduler\",kind=\"task\"}", metrics);
        Assert.DoesNotContain("http_server_request_duration", metrics);
    }

    [Fact]
    public async Task The_OpenAPI_description_lists_every_admin_endpoint()
    {
        await using var rig = AdminRig.Simulated();

        var document = (await rig.Http.GetFromJsonAsync<JsonNode>("/admin/openapi/v1.json", Cancellation))!;

        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "/admin/health", "/admin/ready", "/admin/info", "/admin/metrics", "/admin/reset", "/admin/snapshot", "/admin/tasks/{taskId}/logs", "/admin/api/state" },
            paths);
        Assert.NotNull(document["paths"]!["/admin/snapshot"]!["post"]);
    }

    [Fact]
    public async Task The_web_view_is_served_with_the_state_it_shows()
    {
        await using var rig = AdminRig.Simulated();
        var taskArn = await RunAndWaitAsync(rig);

        var page = await rig.Http.GetStringAsync("/admin/", Cancellation);
        var script = await rig.Http.GetAsync("/admin/app.js", Cancellation);
        var state = (await rig.Http.GetFromJsonAsync<JsonNode>("/admin/api/state", Cancellation))!;

        Assert.Contains("<script src=\"app.js\">", page);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        var cluster = state["clusters"]![0]!;
        Assert.Equal("demo", cluster["clusterName"].Text());
        Assert.Equal(taskArn, cluster["tasks"]![0]!["taskArn"].Text());
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync(AdminRig rig)
    {
        var response = await rig.Http.GetAsync("/admin/health", Cancellation);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!);
    }

    private static async Task<string> RunAndWaitAsync(AdminRig rig)
    {
        await rig.Kecs.Ecs.ClusterAsync();
        await rig.Kecs.Ecs.OkAsync("RegisterTaskDefinition", """
            {"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 128}]}
            """);
        var taskArn = (await rig.Kecs.Ecs.RunTaskAsync())["taskArn"].Text();
        await rig.Kecs.WaitForTaskAsync(taskArn, t => t["lastStatus"].Text() == "RUNNING", "RUNNING");
        return taskArn;
    }

    private static Task WaitForRunningAsync(EcsClient ecs, int count) =>
        SchedulerRig.WaitUntilAsync(async () =>
            (await ecs.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!["runningCount"]!.GetValue<int>() == count,
            $"{count} running");
}
