namespace Kecs.Scheduler.Convergence;

public enum WorkKind
{
    Task,
    Service,
    Cluster,
    Daemon,
    Node,
}

/// <summary>Something to converge: a task, a service, a cluster or a daemon by ARN, or a node by its instance id.</summary>
public readonly record struct WorkItem(WorkKind Kind, string Arn)
{
    public static WorkItem ForTask(string arn) => new(WorkKind.Task, arn);

    public static WorkItem ForService(string arn) => new(WorkKind.Service, arn);

    public static WorkItem ForCluster(string arn) => new(WorkKind.Cluster, arn);

    public static WorkItem ForDaemon(string arn) => new(WorkKind.Daemon, arn);

    /// <summary>A node, by its container instance id.</summary>
    public static WorkItem ForNode(string instanceId) => new(WorkKind.Node, instanceId);
}
