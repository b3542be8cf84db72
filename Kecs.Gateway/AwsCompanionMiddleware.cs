using Kecs.ServiceDefaults;

namespace Kecs.Gateway;

/// <summary>
/// On the companion's route: without a companion, a 400 in the caller's protocol that names the service it asked for
/// and how to enable one (never a 404 or a hang); with one, no body size limit, since S3 takes objects of up to 5 GB
/// in one PUT and the body is streamed through.
/// </summary>
public static class AwsCompanionMiddleware
{
    public const string NoCompanionErrorCode = "NoAwsCompanion";

    public static Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.GetReverseProxyFeature().Route.Config.RouteId != AwsCompanion.RouteId)
        {
            return next();
        }

        if (context.RequestServices.GetRequiredService<AwsCompanion>().Endpoint is null)
        {
            var service = AwsSignature.ServiceOf(context.Request).ToString();
            return ProtocolErrors.WriteAsync(context, StatusCodes.Status400BadRequest, NoCompanionErrorCode,
                $"Kecs serves Amazon ECS itself and forwards every other AWS service to an AWS companion, but none runs, so it "
                + $"cannot serve this request for '{service}'. To enable one, install moto_server (pip install 'moto[server]') and "
                + "start Kecs without --no-aws, or start it with --aws-endpoint <url> of a companion that runs (LocalStack: "
                + "http://localhost:4566).");
        }

        context.Request.RemoveBodySizeLimit();
        return next();
    }
}
