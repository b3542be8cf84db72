using Yarp.ReverseProxy.Forwarder;

namespace Kecs.Gateway;

/// <summary>
/// Replaces YARP's empty 502/503 with an AWS-shaped 503 when a backend cannot be reached, so the
/// caller learns which Kecs service, or the AWS companion, is down (and SDKs retry, which is right while it starts or
/// restarts).
/// </summary>
public static class BackendUnavailableMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next();

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted || !IsUnreachable(error.Error))
        {
            return;
        }

        // YARP has already logged the failure with its exception.
        var backend = context.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "backend";
        var what = backend == AwsCompanion.ClusterId
            ? $"The AWS companion ({context.RequestServices.GetRequiredService<AwsCompanion>().Description})"
            : $"The Kecs service '{backend}'";
        await ProtocolErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailableException",
            $"{what} is not reachable ({Describe(error)}). It may be starting or restarting; retry shortly.");
    }

    private static bool IsUnreachable(ForwarderError error) => error is
        ForwarderError.NoAvailableDestinations or ForwarderError.Request or ForwarderError.RequestTimedOut
        or ForwarderError.RequestCreation;

    private static string Describe(IForwarderErrorFeature error) =>
        error.Error == ForwarderError.NoAvailableDestinations
            ? "no destination is configured"
            : error.Exception?.GetBaseException().Message ?? error.Error.ToString();
}
