using Kecs.Ecs.Internal;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Kecs.ServiceDefaults;

namespace Kecs.Scheduler.Api;

/// <summary>
/// What AdminApi asks the Scheduler, with the internal token: its status (runtime, Kubernetes
/// reachability, how far it has converged) and a task container's log.
/// </summary>
public static class SchedulerEndpoints
{
    public static IEndpointRouteBuilder MapSchedulerApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter<InternalTokenFilter>();
        api.MapGet(InternalApi.StatusPath, StatusAsync);
        api.MapGet(InternalApi.TaskLogsPath, LogsAsync);
        return endpoints;
    }

    private static async Task<IResult> StatusAsync(ActiveRuntime active, DesiredState state, ReconcileQueue queue, CancellationToken cancellation)
    {
        if (active.Current is not { } runtime)
        {
            return Results.Problem("The Scheduler is still choosing its runtime.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var probe = await runtime.ProbeAsync(cancellation);
        return Results.Json(new SchedulerStatus
        {
            Runtime = runtime.Description.Name,
            Detail = runtime.Description.Detail,
            KubeContext = probe.KubeContext,
            ApiServer = probe.ApiServer,
            ApiServerVersion = probe.Version,
            ApiServerError = probe.Error,
            FeedSequence = state.Sequence,
            CaughtUp = state.CaughtUp,
            QueueDepth = queue.Depth,
            OldestUnconvergedSeconds = queue.OldestWait.TotalSeconds,
        }, InternalJsonContext.Default.SchedulerStatus);
    }

    private static async Task LogsAsync(
        HttpContext http, string taskId, ActiveRuntime active, DesiredState state, string? container = null, bool follow = false)
    {
        if (state.Tasks.FirstOrDefault(t => t.Id == taskId) is not { } task)
        {
            await Problem(http, StatusCodes.Status404NotFound, $"The Scheduler knows no task {taskId}.");
            return;
        }

        var containers = task.Definition.ContainerDefinitions!.Select(c => c.Name!).ToList();
        var chosen = container ?? (containers.Count == 1 ? containers[0] : null);
        if (chosen is null || !containers.Contains(chosen))
        {
            await Problem(http, StatusCodes.Status400BadRequest,
                $"Name one container of task {taskId} with ?container=: {string.Join(", ", containers)}.");
            return;
        }

        Stream log;
        try
        {
            log = await (active.Current ?? throw new TaskLogsUnavailableException("The Scheduler is still choosing its runtime."))
                .OpenLogAsync(task, chosen, follow, http.RequestAborted);
        }
        catch (TaskLogsUnavailableException e)
        {
            await Problem(http, e.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, e.Message);
            return;
        }

        await using (log)
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.StartAsync(http.RequestAborted);
            await StreamRelay.CopyFlushingAsync(log, http.Response, http.RequestAborted);
        }
    }

    private static Task Problem(HttpContext http, int status, string detail) =>
        Results.Problem(detail, statusCode: status).ExecuteAsync(http);
}
