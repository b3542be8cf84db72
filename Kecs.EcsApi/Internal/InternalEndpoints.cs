using System.Text.Json.Serialization.Metadata;
using Kecs.Ecs.Internal;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.State;
using Kecs.ServiceDefaults;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// The internal API the Scheduler uses (DESIGN decision 2): the change feed of desired state and the
/// reports of observed state. The gateway does not route it, and every call needs the internal token.
/// </summary>
public static class InternalEndpoints
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter<InternalTokenFilter>();
        api.MapGet(InternalApi.ChangesPath, ReadChangesAsync);
        api.MapPost(InternalApi.ReportsPath, ApplyReportAsync);
        api.MapPost(InternalApi.ServiceActionsPath, ApplyServiceActionsAsync);
        api.MapPost(InternalApi.DaemonActionsPath, ApplyDaemonActionsAsync);
        api.MapPut(InternalApi.NodesPath, ReplaceNodesAsync);
        return endpoints;
    }

    private static async Task<IResult> ReadChangesAsync(
        ChangeFeedReader feed, CancellationToken cancellation, long after = 0, double waitSeconds = 0)
    {
        if (after < 0 || waitSeconds < 0)
        {
            return BadRequest("after and waitSeconds must not be negative.");
        }

        var wait = TimeSpan.FromSeconds(Math.Min(waitSeconds, InternalApi.MaxWait.TotalSeconds));
        var page = await feed.ReadAsync(after, wait, cancellation);
        return Results.Json(page, InternalJsonContext.Default.ChangeFeedPage);
    }

    private static async Task<IResult> ApplyReportAsync(HttpRequest request, ObservationApplier applier, CancellationToken cancellation)
    {
        var (report, problem) = await ReadBodyAsync(request, InternalJsonContext.Default.ObservedStateReport, "report", cancellation);
        return report is null
            ? problem
            : Results.Json(await applier.ApplyAsync(report, cancellation), InternalJsonContext.Default.ReportResult);
    }

    private static async Task<IResult> ApplyServiceActionsAsync(HttpRequest request, ServiceActionsApplier applier, CancellationToken cancellation)
    {
        var (actions, problem) = await ReadBodyAsync(request, InternalJsonContext.Default.ServiceActions, "service actions", cancellation);
        if (actions is { TargetTaskCount: < 0 or > 1000 })
        {
            return BadRequest("targetTaskCount must be between 0 and 1000.");
        }

        return actions is null
            ? problem
            : Results.Json(await applier.ApplyAsync(actions, cancellation), InternalJsonContext.Default.ServiceActionsResult);
    }

    private static async Task<IResult> ApplyDaemonActionsAsync(HttpRequest request, DaemonActionsApplier applier, CancellationToken cancellation)
    {
        var (actions, problem) = await ReadBodyAsync(request, InternalJsonContext.Default.DaemonActions, "daemon actions", cancellation);
        return actions is null
            ? problem
            : Results.Json(await applier.ApplyAsync(actions, cancellation), InternalJsonContext.Default.ServiceActionsResult);
    }

    private static async Task<IResult> ReplaceNodesAsync(HttpRequest request, EcsStore store, CancellationToken cancellation)
    {
        var (report, problem) = await ReadBodyAsync(request, InternalJsonContext.Default.NodeReport, "node report", cancellation);
        if (report is null)
        {
            return problem;
        }

        if (report.Nodes.Any(node => string.IsNullOrEmpty(node.Uid)) || report.Nodes.DistinctBy(node => node.Uid).Count() != report.Nodes.Count)
        {
            return BadRequest("Every node needs a uid of its own.");
        }

        await store.WriteAsync(write => KubeNodeInstances.Replace(write, report), cancellation);
        return Results.NoContent();
    }

    /// <summary>The request's JSON body, or the 400 that says why there is none.</summary>
    private static async Task<(T? Body, IResult Problem)> ReadBodyAsync<T>(
        HttpRequest request, JsonTypeInfo<T> json, string what, CancellationToken cancellation) where T : class
    {
        try
        {
            var body = await request.ReadFromJsonAsync(json, cancellation);
            return (body, BadRequest($"The {what} body is empty."));
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, BadRequest($"The {what} body is not valid JSON: {e.Message}"));
        }
    }

    private static IResult BadRequest(string message) => Results.Problem(message, statusCode: StatusCodes.Status400BadRequest);
}
