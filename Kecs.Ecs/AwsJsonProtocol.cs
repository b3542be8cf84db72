using System.Text.Json;

namespace Kecs.Ecs;

/// <summary>The awsJson1_1 protocol as ECS uses it: headers, content type and the error envelope.</summary>
public static class AwsJsonProtocol
{
    public const string TargetHeader = "X-Amz-Target";
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string ContentType = "application/x-amz-json-1.1";
    public const string EcsTargetPrefix = "AmazonEC2ContainerServiceV20141113.";

    /// <summary>The largest ECS request body Kecs reads. ECS caps a task definition at 64 KiB; no ECS request comes near this.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The error a body over <see cref="MaxRequestBodyBytes"/> gets, with HTTP 413.</summary>
    public const string TooLargeErrorType = "RequestEntityTooLargeException";

    public static string TooLargeMessage => $"The request body is larger than the {MaxRequestBodyBytes / 1024} KiB Kecs accepts for an ECS call.";

    /// <summary>
    /// <c>{"__type": …, "message": …}</c>: every SDK takes the error code from <c>__type</c>
    /// (botocore ignores the header for JSON protocols), so the body must carry it.
    /// </summary>
    /// <remarks>ConflictException also names the resources that conflict, in <c>resourceIds</c>.</remarks>
    public static byte[] ErrorBody(string errorType, string message, IReadOnlyList<string>? resourceIds = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("__type", errorType);
            json.WriteString("message", message);
            if (resourceIds is not null)
            {
                json.WriteStartArray("resourceIds");
                foreach (var id in resourceIds)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
