using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kecs.AppHost.Tests;

/// <summary>The admin API and web view through the gateway, with every Kecs process running.</summary>
public sealed class AdminEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_shows_EcsApi_down_within_seconds_and_healthy_again_once_it_is_restarted()
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilReadyAsync(Cancellation);
        using var http = new HttpClient { BaseAddress = new Uri(appHost.EndpointUrl) };
        await WaitForHealthAsync(http, HttpStatusCode.OK);
        var ecsApi = appHost.ServicePid("Kecs.EcsApi")!.Value;

        ProcessTree.Signal(ecsApi, ProcessTree.SigKill);

        var down = await WaitForHealthAsync(http, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("unhealthy", down["components"]!["ecsApi"]!["status"]!.GetValue<string>());
        Assert.Equal("unhealthy", down["components"]!["storage"]!["status"]!.GetValue<string>());
        var up = await WaitForHealthAsync(http, HttpStatusCode.OK);
        Assert.Equal("healthy", up["components"]!["ecsApi"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_web_view_shows_in_a_browser_what_the_ECS_API_created()
    {
        var chromium = Chromium.Find();
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilReadyAsync(Cancellation);
        var endpoint = appHost.EndpointUrl;
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-cluster", "--cluster-name", "shop");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "register-task-definition", "--family", "web",
            "--container-definitions", """[{"name": "nginx", "image": "nginx:1.25", "memory": 128}]""");
        await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "create-service", "--cluster", "shop", "--service-name", "storefront",
            "--task-definition", "web", "--desired-count", "2");
        var (exitCode, _, stderr) = await AwsCli.RunRawAsync(endpoint, Cancellation, "ecs", "wait", "services-stable", "--cluster", "shop", "--services", "storefront");
        Assert.True(exitCode == 0, stderr);
        var taskIds = (await AwsCli.RunAsync(endpoint, Cancellation, "ecs", "list-tasks", "--cluster", "shop"))["taskArns"]!.AsArray()
            .Select(arn => arn!.GetValue<string>()).Select(arn => arn[(arn.LastIndexOf('/') + 1)..]).ToList();

        var page = await chromium.DumpDomAsync($"{endpoint}/admin/", Cancellation);
        var screenshot = await chromium.ScreenshotAsync($"{endpoint}/admin/", "admin-web-view.png", Cancellation);

        Assert.Contains("<section class=\"cluster\" data-cluster=\"shop\">", page);
        Assert.Contains("<tr data-service=\"storefront\">", page);
        Assert.Contains("2 running, 0 pending of 2", page);
        Assert.Contains("has reached a steady state.", page);
        Assert.All(taskIds, id => Assert.Contains($"<tr data-task=\"{id}\">", page));
        Assert.Contains("<span id=\"health\" class=\"pill healthy\">healthy</span>", page);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"the screenshot {screenshot} is nearly empty");
        TestContext.Current.SendDiagnosticMessage($"Screenshot of the web view: {screenshot}");
    }

    private static async Task<JsonNode> WaitForHealthAsync(HttpClient http, HttpStatusCode wanted)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync("/admin/health", Cancellation);
            if (response.StatusCode == wanted)
            {
                return (await response.Content.ReadFromJsonAsync<JsonNode>(Cancellation))!;
            }

            Assert.True(waited.Elapsed < Patience, $"/admin/health did not answer {wanted} within {Patience}");
            await Task.Delay(50, Cancellation);
        }
    }
}
