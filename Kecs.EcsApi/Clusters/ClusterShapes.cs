using Kecs.EcsApi.Model;

namespace Kecs.EcsApi.Clusters;

public sealed class Cluster
{
    public required string ClusterArn { get; init; }
    public required string ClusterName { get; init; }
    public ClusterConfiguration? Configuration { get; init; }
    public required string Status { get; init; }
    public int RegisteredContainerInstancesCount { get; init; }
    public int RunningTasksCount { get; init; }
    public int PendingTasksCount { get; init; }
    public int ActiveServicesCount { get; init; }
    public List<EcsKeyValuePair>? Statistics { get; init; }
    public List<Tag>? Tags { get; init; }
    public List<ClusterSetting>? Settings { get; init; }
    public List<string>? CapacityProviders { get; init; }
    public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; init; }
    public List<Attachment>? Attachments { get; init; }
    public string? AttachmentsStatus { get; init; }
}

public sealed class ClusterSetting
{
    public string? Name { get; init; }
    public string? Value { get; init; }
}

public sealed class ClusterConfiguration
{
    public ExecuteCommandConfiguration? ExecuteCommandConfiguration { get; init; }
    public ManagedStorageConfiguration? ManagedStorageConfiguration { get; init; }
}

public sealed class ExecuteCommandConfiguration
{
    public string? KmsKeyId { get; init; }
    public string? Logging { get; init; }
    public ExecuteCommandLogConfiguration? LogConfiguration { get; init; }
}

public sealed class ExecuteCommandLogConfiguration
{
    public string? CloudWatchLogGroupName { get; init; }
    public bool? CloudWatchEncryptionEnabled { get; init; }
    public string? S3BucketName { get; init; }
    public bool? S3EncryptionEnabled { get; init; }
    public string? S3KeyPrefix { get; init; }
}

public sealed class ManagedStorageConfiguration
{
    public string? KmsKeyId { get; init; }
    public string? FargateEphemeralStorageKmsKeyId { get; init; }
}

public sealed class CreateClusterRequest
{
    public string? ClusterName { get; init; }
    public List<Tag>? Tags { get; init; }
    public List<ClusterSetting>? Settings { get; init; }
    public ClusterConfiguration? Configuration { get; init; }
    public List<string>? CapacityProviders { get; init; }
    public List<CapacityProviderStrategyItem>? DefaultCapacityProviderStrategy { get; init; }
}

public sealed class CreateClusterResponse
{
    public required Cluster Cluster { get; init; }
}

public sealed class DescribeClustersRequest
{
    public List<string>? Clusters { get; init; }
    public List<string>? Include { get; init; }
}

public sealed class DescribeClustersResponse
{
    public required List<Cluster> Clusters { get; init; }
    public required List<Failure> Failures { get; init; }
}

public sealed class ListClustersRequest
{
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

public sealed class ListClustersResponse
{
    public required List<string> ClusterArns { get; init; }
    public string? NextToken { get; init; }
}
