using Kecs.Ecs;

namespace Kecs.Gateway;

/// <summary>
/// What the gateway answers when no route matches. A request shaped like an AWS call gets ECS's error
/// envelope (400 UnknownOperationException naming what it asked for), so SDKs report it instead of
/// retrying; anything else is a plain 404.
/// </summary>
public static class UnknownRequestEndpoint
{
    public static IEndpointRouteBuilder MapUnknownRequestFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback(HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsAwsShaped(request))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(
                "Kecs serves the Amazon ECS API as POST / and its admin API under /admin.", context.RequestAborted);
            return;
        }

        var action = request.HasFormContentType
            ? (await request.ReadFormAsync(context.RequestAborted))["Action"].ToString()
            : request.Query["Action"].ToString();
        await AwsErrors.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "UnknownOperationException",
            DescribeUnknown(request, action));
    }

    public static bool IsAwsShaped(HttpRequest request) =>
        request.Headers.ContainsKey(AwsJsonProtocol.TargetHeader)
        || request.Headers.Authorization.ToString().StartsWith("AWS4-HMAC-SHA256", StringComparison.Ordinal)
        || (request.ContentType?.StartsWith("application/x-amz-json", StringComparison.OrdinalIgnoreCase) ?? false)
        || request.Query.ContainsKey("Action");

    /// <param name="action">The <c>Action</c> of a query-protocol call (STS, SQS, EC2, …), if any.</param>
    public static string DescribeUnknown(HttpRequest request, string action)
    {
        var target = request.Headers[AwsJsonProtocol.TargetHeader].ToString();
        if (target.StartsWith(AwsJsonProtocol.EcsTargetPrefix, StringComparison.Ordinal))
        {
            return $"ECS operations are called as POST /; this request was {request.Method} {request.Path}.";
        }

        var what = target.Length > 0 ? $"the target '{target}'"
            : action.Length > 0 ? $"the action '{action}'"
            : $"{request.Method} {request.Path} without an {AwsJsonProtocol.TargetHeader} header";
        return $"Kecs serves Amazon ECS ({AwsJsonProtocol.EcsTargetPrefix}*) and cannot handle {what}.";
    }
}
