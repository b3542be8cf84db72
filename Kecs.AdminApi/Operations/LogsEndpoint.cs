using Kecs.AdminApi.Components;
using Kecs.Ecs.Internal;
using Kecs.ServiceDefaults;

namespace Kecs.AdminApi.Operations;

/// <summary><c>GET /admin/tasks/{id}/logs</c>: a task container's log from its pod, through the Scheduler; <c>follow</c> streams it.</summary>
public static class LogsEndpoint
{
    public static RouteGroupBuilder MapLogsEndpoint(this RouteGroupBuilder admin)
    {
        admin.MapGet("/tasks/{taskId}/logs", async (HttpContext http, string taskId, KecsComponents components, string? container, bool? follow) =>
            {
                var path = InternalApi.TaskLogsPath.Replace("{taskId}", Uri.EscapeDataString(taskId), StringComparison.Ordinal)
                           + $"?follow={(follow == true ? "true" : "false")}"
                           + (container is null ? "" : $"&container={Uri.EscapeDataString(container)}");
                HttpResponseMessage answer;
                try
                {
                    answer = await components.Scheduler.OpenAsync(path, http.RequestAborted);
                }
                catch (HttpRequestException e)
                {
                    await Results.Problem($"The Scheduler does not answer: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
                    return;
                }

                using (answer)
                {
                    http.Response.StatusCode = (int)answer.StatusCode;
                    http.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "text/plain; charset=utf-8";
                    await using var body = await answer.Content.ReadAsStreamAsync(http.RequestAborted);
                    await StreamRelay.CopyFlushingAsync(body, http.Response, http.RequestAborted);
                }
            })
            .WithSummary("A task container's log (name the container when the task has several; follow=true streams it)")
            .Produces<string>(contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }
}
