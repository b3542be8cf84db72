using System.Diagnostics;

namespace Kecs.EcsApi.Tests;

/// <summary>An ECS request's span says which operation it was, and the DuckDB commit of its write is a span under it.</summary>
public sealed class RequestTracingTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public RequestTracingTests()
    {
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
}
