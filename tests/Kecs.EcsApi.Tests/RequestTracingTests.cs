using System.Diagnostics;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// An ECS request's span says which operation it was, and the DuckDB commit of its write is a span under it; the change
/// feed's long poll, which the Scheduler sends every few seconds while nothing happens, is not exported.
/// </summary>
public sealed class RequestTracingTests : IAsyncDisposable
{
    private readonly ExportedSpans _exported = new();
    private readonly EcsApiFactory _factory;
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public RequestTracingTests()
    {
        _factory = new EcsApiFactory(replaceServices: _exported.Register);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Kecs.EcsApi" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_stopped) { _stopped.Add(activity); } },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_write_is_committed_under_the_span_of_the_request_that_made_it()
    {
        var answer = await _factory.CreateEcsClient().CallAsync("CreateCluster", """{"clusterName": "traced"}""");
        Assert.Equal(200, answer.Status);

        List<Activity> stopped;
        lock (_stopped)
        {
            stopped = [.. _stopped];
        }

        // The listener hears the requests of tests running beside this one too.
        var request = Assert.Single(stopped, a => a.GetTagItem("aws.request_id") as string == answer.RequestId);
        Assert.Equal(("aws-api", "ECS", "CreateCluster"),
            (request.GetTagItem("rpc.system"), request.GetTagItem("rpc.service"), request.GetTagItem("rpc.method")));
        var commit = Assert.Single(stopped, a => a.OperationName == "DuckDB commit" && a.ParentSpanId == request.SpanId);
        Assert.Equal(request.TraceId, commit.TraceId);
        Assert.Equal("duckdb", commit.GetTagItem("db.system.name"));
        Assert.Equal(ActivityKind.Client, commit.Kind);
    }

    [Fact]
    public async Task The_change_feeds_long_poll_is_not_exported_even_in_a_sampled_trace()
    {
        // A client that adds no trace context of its own, so each request carries exactly the one given here.
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _factory.CreateClient().BaseAddress };
        var (poll, call) = (ActivityTraceId.CreateRandom(), ActivityTraceId.CreateRandom());

        using var changes = new HttpRequestMessage(HttpMethod.Get, "/internal/v1/changes?after=0&waitSeconds=0");
        changes.Headers.Add("X-Kecs-Internal-Token", EcsApiFactory.InternalToken);
        changes.Headers.Add("traceparent", $"00-{poll}-{ActivitySpanId.CreateRandom()}-01");
        (await http.SendAsync(changes, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var described = await new EcsClient(http, "us-east-1").SendAsync(EcsClient.TargetPrefix + "DescribeClusters", "{}",
            headers: new Dictionary<string, string> { ["traceparent"] = $"00-{call}-{ActivitySpanId.CreateRandom()}-01" });
        Assert.Equal(200, described.Status);

        // A span is exported once it ends, which may be a moment after its answer.
        await SchedulerRig.WaitUntilAsync(() => _exported.All.Any(s => s.TraceId == call && s.GetTagItem("rpc.method") as string == "DescribeClusters"),
            "the DescribeClusters call exported");
        Assert.DoesNotContain(_exported.All, s => s.TraceId == poll);
    }
}
