namespace Kecs.EcsApi.Protocol;

/// <summary>Constants of the awsJson1_1 protocol as ECS uses it.</summary>
public static class AwsJsonProtocol
{
    public const string TargetHeader = "X-Amz-Target";
    public const string RequestIdHeader = "x-amzn-RequestId";
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
    public const string ContentType = "application/x-amz-json-1.1";
    public const string EcsTargetPrefix = "AmazonEC2ContainerServiceV20141113.";
}
