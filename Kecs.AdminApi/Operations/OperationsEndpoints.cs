using System.Text.Json.Nodes;
using Kecs.AdminApi.Components;
using Kecs.Ecs.Internal;
using Kecs.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Kecs.AdminApi.Operations;

/// <summary>What a reset or import did, and whether the Scheduler has caught up with it on Kubernetes.</summary>
public sealed record ResetReport(int Clusters, int Services, int Tasks, int TaskDefinitions, bool KubernetesCleared, string Detail);

/// <summary>
/// Operations for test suites: <c>POST /admin/reset</c> removes all ECS state and, through the
/// Scheduler, every Kubernetes object Kecs owns; <c>GET</c> and <c>POST /admin/snapshot</c> export and
/// import the whole state as JSON.
/// </summary>
public static class OperationsEndpoints
{
    private static readonly TimeSpan SchedulerPoll = TimeSpan.FromMilliseconds(100);

    public static RouteGroupBuilder MapOperationsEndpoints(this RouteGroupBuilder admin)
    {
        var operations = admin.MapGroup("").AddEndpointFilter<AdminAccessFilter>();
        operations.MapPost("/reset", async (KecsComponents components, IOptions<AdminOptions> options, CancellationToken cancellation) =>
            {
                var reset = await components.EcsApi.PostAsync(
                    InternalApi.ResetPath, null, AdminJsonContext.Default.JsonNode, InternalJsonContext.Default.ResetResult, cancellation);
                return await ReportAsync(components, reset, options.Value.ResetTimeout, cancellation);
            })
            .WithSummary("Remove all ECS state and every Kubernetes object Kecs owns")
            .Produces<ResetReport>().Produces<ResetReport>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status403Forbidden);
        operations.MapGet("/snapshot", async (KecsComponents components, CancellationToken cancellation) =>
                Results.Json(await components.EcsApi.GetAsync(InternalApi.SnapshotPath, AdminJsonContext.Default.JsonNode, cancellation),
                    AdminJsonContext.Default.JsonNode))
            .WithSummary("Export the whole ECS state as JSON")
            .Produces<JsonObject>().ProducesProblem(StatusCodes.Status403Forbidden);
        operations.MapPost("/snapshot", ImportAsync)
            .WithSummary("Replace the whole ECS state with an exported snapshot")
            .Accepts<JsonObject>("application/json")
            .Produces<ResetReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        return admin;
    }

    private static async Task<IResult> ImportAsync(
        HttpRequest request, KecsComponents components, IOptions<AdminOptions> options, CancellationToken cancellation)
    {
        JsonNode? snapshot;
        // A snapshot holds the whole state and may be larger than Kestrel's default limit; only trusted callers get here.
        request.RemoveBodySizeLimit();

        try
        {
            snapshot = await request.ReadFromJsonAsync(AdminJsonContext.Default.JsonNode, cancellation);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem($"The snapshot is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var imported = await components.EcsApi.PostAsync(
                InternalApi.SnapshotPath, snapshot, AdminJsonContext.Default.JsonNode, InternalJsonContext.Default.ResetResult, cancellation);
            return await ReportAsync(components, imported, options.Value.ResetTimeout, cancellation);
        }
        catch (ComponentException e) when (e.StatusCode == StatusCodes.Status400BadRequest)
        {
            var detail = JsonNode.Parse(e.Body)?["detail"]?.GetValue<string>() ?? e.Body;
            return Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Waits until the Scheduler has read past the change and converged everything, so Kubernetes matches the new state.</summary>
    private static async Task<IResult> ReportAsync(KecsComponents components, ResetResult result, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var scheduler = (await components.Scheduler.TryGetAsync(InternalApi.StatusPath, InternalJsonContext.Default.SchedulerStatus, cancellation)).Value;
            if (scheduler is { QueueDepth: 0 } && scheduler.FeedSequence >= result.Sequence)
            {
                return Results.Json(Report(result, true, "The Scheduler has converged Kubernetes to the new state."), AdminJsonContext.Default.ResetReport);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                return Results.Json(
                    Report(result, false, $"The state is replaced; the Scheduler has not converged Kubernetes to it within {timeout.TotalSeconds:0} s " +
                                          (scheduler is null ? "(it does not answer)." : $"({scheduler.QueueDepth} items still queued).")),
                    AdminJsonContext.Default.ResetReport, statusCode: StatusCodes.Status202Accepted);
            }

            await Task.Delay(SchedulerPoll, cancellation);
        }
    }

    private static ResetReport Report(ResetResult result, bool cleared, string detail) =>
        new(result.Clusters, result.Services, result.Tasks, result.TaskDefinitions, cleared, detail);
}
