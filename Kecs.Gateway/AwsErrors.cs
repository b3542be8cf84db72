using Kecs.Ecs;

namespace Kecs.Gateway;

public static class AwsErrors
{
    public static Task WriteAsync(HttpResponse response, int statusCode, string errorType, string message)
    {
        var body = AwsJsonProtocol.ErrorBody(errorType, message);
        response.StatusCode = statusCode;
        response.ContentType = AwsJsonProtocol.ContentType;
        response.ContentLength = body.Length;
        response.Headers[AwsJsonProtocol.ErrorTypeHeader] = errorType;
        response.Headers[AwsJsonProtocol.RequestIdHeader] = Guid.NewGuid().ToString();
        return response.Body.WriteAsync(body).AsTask();
    }
}
