using Kecs.Ecs;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Kecs.Gateway;

/// <summary>
/// Refuses ECS request bodies over the limit EcsApi reads with the AWS-shaped 413 EcsApi would give,
/// here at the edge: forwarding them would only end in a reset connection and an empty 502.
/// </summary>
public static class RequestBodyLimitMiddleware
{
    public const string EcsRoute = "ecs";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetReverseProxyFeature().Route.Config.RouteId != EcsRoute)
        {
            await next();
            return;
        }

        if (context.Request.ContentLength > AwsJsonProtocol.MaxRequestBodyBytes)
        {
            await TooLargeAsync(context);
            return;
        }

        // A body without Content-Length is cut off at the limit while it is forwarded.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AwsJsonProtocol.MaxRequestBodyBytes;
        }

        await next();
        if (!context.Response.HasStarted && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
            && context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient })
        {
            await TooLargeAsync(context);
        }
    }

    private static Task TooLargeAsync(HttpContext context) =>
        AwsErrors.WriteAsync(context.Response, StatusCodes.Status413PayloadTooLarge, AwsJsonProtocol.TooLargeErrorType, AwsJsonProtocol.TooLargeMessage);
}
