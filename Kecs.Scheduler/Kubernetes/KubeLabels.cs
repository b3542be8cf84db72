namespace Kecs.Scheduler.Kubernetes;

/// <summary>The labels and annotations Kecs puts on what it creates, and reads back from pods.</summary>
public static class KubeLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByKecs = "kecs";
    public const string OwnedSelector = ManagedBy + "=" + ManagedByKecs;

    public const string Cluster = "kecs.dev/cluster";
    public const string Region = "kecs.dev/region";
    public const string TaskId = "kecs.dev/task-id";
    public const string Family = "kecs.dev/family";
    public const string Revision = "kecs.dev/revision";
    public const string Service = "kecs.dev/service";

    public const string ClusterArnAnnotation = "kecs.dev/cluster-arn";
    public const string TaskArnAnnotation = "kecs.dev/task-arn";
    public const string ServiceArnAnnotation = "kecs.dev/service-arn";
    public const string TaskDefinitionArnAnnotation = "kecs.dev/task-definition-arn";
    public const string NetworkModeAnnotation = "kecs.dev/network-mode";
    public const string TraceParentAnnotation = "kecs.dev/traceparent";

    /// <summary>The ECS container names, in order, as JSON: the mapper recovers ECS names from them.</summary>
    public const string ContainersAnnotation = "kecs.dev/containers";

    /// <summary>The essential containers, as JSON.</summary>
    public const string EssentialAnnotation = "kecs.dev/essential-containers";

    /// <summary>Containers with an ECS health check and the seconds before it can first fail, as JSON.</summary>
    public const string HealthChecksAnnotation = "kecs.dev/health-checks";

    /// <summary>The task's awsvpc attachment (id and subnet) as JSON, to report it ATTACHED with the pod's address.</summary>
    public const string AttachmentsAnnotation = "kecs.dev/attachments";
}
