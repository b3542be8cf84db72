using Kecs.Ecs;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Kecs.Gateway;

/// <summary>
/// Answers at the edge, AWS-shaped, what forwarding would only turn into a misleading 502 or 503:
/// header values outside ASCII (they cannot be sent on), and ECS bodies over the limit EcsApi reads.
/// </summary>
public static class RequestGuardMiddleware
{
    public const string EcsRoute = "ecs";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.Headers.FirstOrDefault(header => header.Value.Any(value => value is not null && !value.All(char.IsAscii))) is
            { Key: { } name })
        {
            await ProtocolErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "SerializationException",
                $"The header {name} has characters outside ASCII; HTTP header values must be ASCII.");
            return;
        }

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
