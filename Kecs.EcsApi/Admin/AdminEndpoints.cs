using System.Reflection;
using Kecs.Ecs.Internal;
using Kecs.EcsApi.Internal;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Admin;

/// <summary>
/// The internal endpoints AdminApi uses: EcsApi's status (the database file, its size and last write),
/// a reset of all ECS state, and export and import of the whole state. Same token as the rest of the internal API.
/// </summary>
public static class AdminEndpoints
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static IEndpointRouteBuilder MapAdminInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("").AddEndpointFilter<InternalTokenFilter>();
        api.MapGet(InternalApi.StatusPath, Status);
        api.MapPost(InternalApi.ResetPath, async (EcsStore store, CancellationToken cancellation) =>
            Results.Json(await store.ReplaceAsync(StateReset.Reset, cancellation), InternalJsonContext.Default.ResetResult));
        api.MapGet(InternalApi.SnapshotPath, async (EcsStore store, TimeProvider clock, CancellationToken cancellation) =>
            Results.Json(await store.ReadTablesAsync(connection => StateSnapshots.Export(connection, clock.GetUtcNow()), cancellation),
                InternalJsonContext.Default.StateSnapshot));
        api.MapPost(InternalApi.SnapshotPath, ImportAsync);
        return endpoints;
    }

    private static IResult Status(EcsStore store, IOptions<EcsOptions> options) => Results.Json(new EcsApiStatus
    {
        DatabasePath = store.DatabasePath,
        DatabaseSizeBytes = File.Exists(store.DatabasePath) ? new FileInfo(store.DatabasePath).Length : 0,
        LastWriteAt = store.LastWriteAt,
        Commits = store.Commits,
        DefaultRegion = options.Value.DefaultRegion,
        AccountId = options.Value.AccountId,
        StartedAt = StartedAt,
        Version = typeof(AdminEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
    }, InternalJsonContext.Default.EcsApiStatus);

    private static async Task<IResult> ImportAsync(HttpRequest request, EcsStore store, CancellationToken cancellation)
    {
        StateSnapshot? snapshot;
        // A snapshot holds the whole state and may be larger than Kestrel's default limit; only trusted callers get here.
        request.RemoveBodySizeLimit();

        try
        {
            snapshot = await request.ReadFromJsonAsync(InternalJsonContext.Default.StateSnapshot, cancellation);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem($"The snapshot is not valid JSON: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (snapshot is null)
        {
            return Results.Problem("The snapshot body is empty.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return Results.Json(await store.ReplaceAsync(connection => StateSnapshots.Import(connection, snapshot), cancellation),
                InternalJsonContext.Default.ResetResult);
        }
        catch (EcsException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            return Results.Problem($"The snapshot's rows do not fit the tables: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
