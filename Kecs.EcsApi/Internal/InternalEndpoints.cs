using Kecs.Ecs.Internal;

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
        return endpoints;
    }

    private static async Task<IResult> ReadChangesAsync(
        ChangeFeedReader feed, CancellationToken cancellation, long after = 0, double waitSeconds = 0)
    {
        if (after < 0 || waitSeconds < 0)
        {
            return Results.Problem("after and waitSeconds must not be negative.", statusCode: StatusCodes.Status400BadRequest);
        }

        var wait = TimeSpan.FromSeconds(Math.Min(waitSeconds, InternalApi.MaxWait.TotalSeconds));
        var page = await feed.ReadAsync(after, wait, cancellation);
        return Results.Json(page, InternalJsonContext.Default.ChangeFeedPage);
    }

    private static async Task<IResult> ApplyReportAsync(HttpRequest request, ObservationApplier applier, CancellationToken cancellation)
    {
        ObservedStateReport? report;
        try
        {
            report = await request.ReadFromJsonAsync(InternalJsonContext.Default.ObservedStateReport, cancellation);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem($"The report is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (report is null)
        {
            return Results.Problem("The report is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await applier.ApplyAsync(report, cancellation);
        return Results.Json(result, InternalJsonContext.Default.ReportResult);
    }

    private static async Task<IResult> ApplyServiceActionsAsync(HttpRequest request, ServiceActionsApplier applier, CancellationToken cancellation)
    {
        ServiceActions? actions;
        try
        {
            actions = await request.ReadFromJsonAsync(InternalJsonContext.Default.ServiceActions, cancellation);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem($"The service actions are not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (actions is null || actions.StartCount is < 0 or > 1000)
        {
            return Results.Problem("Service actions need a body, and startCount between 0 and 1000.", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Json(await applier.ApplyAsync(actions, cancellation), InternalJsonContext.Default.ServiceActionsResult);
    }
}
