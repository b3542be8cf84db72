namespace Kecs.Scheduler.Convergence;

public enum WorkKind
{
    Task,
    Service,
    Cluster,
}

/// <summary>Something to converge: a task, a service or a cluster, by ARN.</summary>
public readonly record struct WorkItem(WorkKind Kind, string Arn)
{
    public static WorkItem ForTask(string arn) => new(WorkKind.Task, arn);

    public static WorkItem ForService(string arn) => new(WorkKind.Service, arn);

    public static WorkItem ForCluster(string arn) => new(WorkKind.Cluster, arn);
}
