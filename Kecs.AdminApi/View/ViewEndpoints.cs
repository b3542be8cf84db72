namespace Kecs.AdminApi.View;

/// <summary>The web view: static pages under <c>/admin/</c> (no front-end build) and the state they poll.</summary>
public static class ViewEndpoints
{
    public const string StatePath = "/api/state";

    public static RouteGroupBuilder MapViewEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet(StatePath, async (SystemView view, CancellationToken cancellation) =>
                Results.Json(await view.ReadAsync(cancellation), AdminJsonContext.Default.JsonObject))
            .WithSummary("Clusters with their services and tasks, as the web view shows them");
        return admin;
    }
}
