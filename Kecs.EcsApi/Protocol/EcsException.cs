namespace Kecs.EcsApi.Protocol;

/// <summary>
/// An error the caller sees as an ECS error: <c>__type</c> and <c>message</c> in the body and the
/// HTTP status ECS uses (400 for everything that is the caller's fault).
/// </summary>
public sealed class EcsException(
    string errorType, string message, int statusCode = StatusCodes.Status400BadRequest, IReadOnlyList<string>? resourceIds = null)
    : Exception(message)
{
    public string ErrorType { get; } = errorType;
    public int StatusCode { get; } = statusCode;
    public IReadOnlyList<string>? ResourceIds { get; } = resourceIds;

    public static EcsException InvalidParameter(string message) => new("InvalidParameterException", message);
    public static EcsException Client(string message) => new("ClientException", message);
    public static EcsException ClusterNotFound() => new("ClusterNotFoundException", "Cluster not found.");
    public static EcsException Serialization(string message) => new("SerializationException", message);
    public static EcsException UnknownOperation(string message) => new("UnknownOperationException", message);

    public static EcsException NotImplemented(string operation) => new(
        "UnsupportedFeatureException",
        $"Kecs does not implement the ECS operation {operation} yet.");
}
