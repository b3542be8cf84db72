using System.Diagnostics;
using Kecs.Ecs;
using Kecs.EcsApi.Observability;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Protocol;

/// <summary>
/// The awsJson1_1 front door: <c>POST /</c>, dispatched on <c>X-Amz-Target</c>, answered with a JSON
/// body, a request id, and AWS's error envelope when something goes wrong.
/// </summary>
public static partial class AwsJsonEndpoint
{
    public static IEndpointRouteBuilder MapAwsJsonEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/", HandleAsync).WithName("EcsApi");
        return endpoints;
    }

    private static async Task HandleAsync(
        HttpContext http,
        EcsOperationRegistry operations,
        IOptions<EcsOptions> options,
        EcsApiMetrics metrics,
        ILogger<EcsOperationRegistry> logger)
    {
        var requestId = Guid.NewGuid().ToString();
        http.Response.Headers[AwsJsonProtocol.RequestIdHeader] = requestId;
        var target = http.Request.Headers[AwsJsonProtocol.TargetHeader].ToString();
        var operation = EcsOperationRegistry.NameOf(target) ?? "unknown";
        TagTheRequestSpan(operation, requestId);
        try
        {
            await AnswerAsync(http, operations, options.Value, target, requestId, logger);
        }
        finally
        {
            metrics.Request(operation, http.Response.StatusCode, http.Response.Headers[AwsJsonProtocol.ErrorTypeHeader].FirstOrDefault());
        }
    }

    /// <summary>
    /// The request's span says which ECS operation it was, with the attributes the AWS SDKs give their own client
    /// spans (its name stays ASP.NET Core's, which names it after the route when it ends).
    /// </summary>
    private static void TagTheRequestSpan(string operation, string requestId)
    {
        if (Activity.Current is { } span)
        {
            span.SetTag("rpc.system", "aws-api").SetTag("rpc.service", "ECS").SetTag("rpc.method", operation)
                .SetTag("aws.request_id", requestId);
        }
    }

    private static string? Forwarded(HttpContext http, string header) =>
        http.Request.Headers[header].FirstOrDefault()?.Split(',')[0].Trim() is { Length: > 0 } value ? value : null;

    private static async Task AnswerAsync(
        HttpContext http, EcsOperationRegistry operations, EcsOptions options, string target, string requestId, ILogger logger)
    {
        try
        {
            var operation = operations.Resolve(target);
            var context = new EcsRequestContext(
                requestId,
                SigV4CredentialScope.RegionFrom(http.Request.Headers.Authorization.ToString()) ?? options.DefaultRegion,
                options.AccountId)
            {
                Endpoint = $"{Forwarded(http, "X-Forwarded-Proto") ?? http.Request.Scheme}://{Forwarded(http, "X-Forwarded-Host") ?? http.Request.Host.Value}",
            };
            var body = await ReadBodyAsync(http.Request, http.RequestAborted);
            var response = await operation(new EcsInvocation(body, context, http.RequestServices, http.RequestAborted));
            await WriteAsync(http.Response, StatusCodes.Status200OK, response);
        }
        catch (EcsException e)
        {
            await WriteErrorAsync(http.Response, e.StatusCode, e.ErrorType, e.Message, e.ResourceIds);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteErrorAsync(http.Response, e.StatusCode, AwsJsonProtocol.TooLargeErrorType, AwsJsonProtocol.TooLargeMessage);
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(http.Response, e.StatusCode, "SerializationException", $"The request could not be read: {e.Message}");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            LogServerFault(logger, e, requestId);
            await WriteErrorAsync(http.Response, StatusCodes.Status500InternalServerError, "ServerException",
                $"Kecs failed to handle the request ({requestId}); the server log has the details.");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AwsJsonProtocol.MaxRequestBodyBytes;
        }

        using var buffer = new MemoryStream(capacity: (int)Math.Min(request.ContentLength ?? 256, 64 * 1024));
        await request.Body.CopyToAsync(buffer, cancellation);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static Task WriteErrorAsync(
        HttpResponse response, int statusCode, string errorType, string message, IReadOnlyList<string>? resourceIds = null)
    {
        response.Headers[AwsJsonProtocol.ErrorTypeHeader] = errorType;
        return WriteAsync(response, statusCode, AwsJsonProtocol.ErrorBody(errorType, message, resourceIds));
    }

    private static Task WriteAsync(HttpResponse response, int statusCode, byte[] body)
    {
        response.StatusCode = statusCode;
        response.ContentType = AwsJsonProtocol.ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} failed with an unexpected error.")]
    private static partial void LogServerFault(ILogger logger, Exception exception, string requestId);
}
