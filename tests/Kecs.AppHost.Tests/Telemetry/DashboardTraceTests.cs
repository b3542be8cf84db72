using System.Security.Cryptography;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests.Telemetry;

/// <summary>
/// Shared telemetry, read back from the Aspire dashboard: a RunTask from the AWS CLI is one trace from the gateway
/// through EcsApi and its DuckDB commit to the Scheduler creating the task's pod on Kubernetes; and every service's
/// metrics are there too. The trace's page in the dashboard, as a browser shows it, is kept in TestResults.
/// </summary>
public sealed partial class DashboardTraceTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_RunTask_from_the_AWS_CLI_is_one_trace_from_the_gateway_to_the_pod()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        var apiKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        await using var appHost = AppHostProcess.StartOnKubernetes(kube, new() { ["Kecs__DashboardApiKey"] = apiKey }, dashboard: true);
        await appHost.WaitUntilReadyAsync(Cancellation);
        await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "create-cluster", "--cluster-name", "traced");
        await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "register-task-definition", "--family", "web",
            "--container-definitions", """[{"name": "app", "image": "nginx:1.25", "memory": 64}]""");
        await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "run-task", "--cluster", "traced", "--task-definition", "web");
        using var dashboard = new DashboardTelemetry(appHost.DashboardUrl!, apiKey);

        IReadOnlyList<Span> trace = [];
        await Eventually.TrueAsync(async () =>
        {
            var spans = await dashboard.SpansAsync(Cancellation);
            var runTask = spans.FirstOrDefault(s => s.Attribute("rpc.method") == "RunTask");
            trace = runTask is null ? [] : [.. spans.Where(s => s.TraceId == runTask.TraceId)];
            // Each service exports its spans on its own schedule: wait for every part.
            return trace.Any(s => s.ParentSpanId is null) && trace.Any(s => s.Service == "gateway" && s.Kind == Span.Client)
                   && trace.Any(s => s.Name == "DuckDB commit") && trace.Any(s => s.Name == "CreatePod")
                   && trace.Any(s => s.Service == "scheduler" && s.Kind == Span.Client);
        }, () => $"the whole RunTask trace in the dashboard, gateway to pod:\n{string.Join('\n', trace)}");

        var described = string.Join('\n', trace);
        var root = Assert.Single(trace, s => s.ParentSpanId is null);
        Assert.Equal(("gateway", Span.Server), (root.Service, root.Kind));
        var forwarded = Assert.Single(trace, s => s.Service == "gateway" && s.Kind == Span.Client);
        Assert.Equal(root.SpanId, forwarded.ParentSpanId);
        var request = Assert.Single(trace, s => s.Attribute("rpc.method") == "RunTask");
        Assert.Equal(("ecsapi", Span.Server, forwarded.SpanId), (request.Service, request.Kind, request.ParentSpanId));
        var commit = Assert.Single(trace, s => s.Name == "DuckDB commit");
        Assert.Equal(("ecsapi", request.SpanId), (commit.Service, commit.ParentSpanId));
        var createPod = Assert.Single(trace, s => s.Name == "CreatePod");
        Assert.Equal(("scheduler", request.SpanId), (createPod.Service, createPod.ParentSpanId));
        Assert.Contains(trace, s => s.Service == "scheduler" && s.Kind == Span.Client && s.ParentSpanId == createPod.SpanId
                                    && s.Attribute("url.full") is { } url && url.Contains("/pods", StringComparison.Ordinal));
        TestContext.Current.SendDiagnosticMessage($"The RunTask trace:\n{described}");

        IReadOnlyList<string> measured = [];
        await Eventually.TrueAsync(async () => (measured = await dashboard.ServicesWithMetricsAsync(Cancellation)).Count == 4,
            () => $"metrics from every service in the dashboard, not only from {string.Join(", ", measured)}");
        Assert.Equal(["adminapi", "ecsapi", "gateway", "scheduler"], measured.Order());

        await using var browser = await BrowserSession.OpenAsync(Chromium.Find().Executable, Cancellation);
        await browser.NavigateAndWaitForTextAsync(LoginLink().Match(appHost.Output).Value, "Resources", Cancellation);
        await browser.NavigateAndWaitForTextAsync($"{appHost.DashboardUrl}/traces/detail/{root.TraceId}", "CreatePod", Cancellation);
        var screenshot = await browser.ScreenshotAsync("dashboard-runtask-trace.png", Cancellation);
        Assert.True(new FileInfo(screenshot).Length > 20_000, $"the screenshot {screenshot} looks empty");
    }

    /// <summary>The dashboard's login link, as the AppHost's summary gives it.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?t=[0-9a-f]+")]
    private static partial System.Text.RegularExpressions.Regex LoginLink();
}
