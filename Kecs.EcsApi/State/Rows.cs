namespace Kecs.EcsApi.State;

/// <summary>A table as the writer persists it: its name, its columns in order, and those that make a row's key.</summary>
public sealed record Table(string Name, string[] Columns, string[] KeyColumns)
{
    public static readonly Table Clusters = new("clusters", ["arn", "region", "account", "name", "status", "document"], ["arn"]);

    public static readonly Table TaskDefinitionFamilies =
        new("task_definition_families", ["region", "account", "family", "last_revision"], ["region", "account", "family"]);

    public static readonly Table TaskDefinitions =
        new("task_definitions", ["arn", "region", "account", "family", "revision", "status", "document"], ["arn"]);

    public static readonly Table Services = new("services",
        ["arn", "cluster_arn", "name", "status", "launch_type", "scheduling_strategy", "namespace", "client_token", "request_hash", "document",
            "express"], ["arn"]);

    public static readonly Table Tasks = new("tasks",
        ["arn", "cluster_arn", "family", "task_definition", "service_arn", "started_by", "launch_type", "desired_status", "last_status",
            "stopped_at", "trace_parent", "document", "protected_until", "daemon_arn"], ["arn"]);

    public static readonly Table ResourceTags = new("resource_tags", ["arn", "tags"], ["arn"]);

    public static readonly Table RunTaskTokens = new("run_task_tokens",
        ["cluster_arn", "client_token", "request_hash", "task_arns", "created_at"], ["cluster_arn", "client_token"]);

    public static readonly Table AccountSettings = new("account_settings",
        ["region", "account", "principal_arn", "name", "value"], ["region", "account", "principal_arn", "name"]);

    public static readonly Table ServiceDeployments = new("service_deployments",
        ["arn", "service_arn", "position", "created_at", "status", "target_deployment_id", "rollback_deployment_id", "document"], ["arn"]);

    public static readonly Table ServiceRevisions = new("service_revisions", ["arn", "service_arn", "document"], ["arn"]);

    public static readonly Table CapacityProviders =
        new("capacity_providers", ["arn", "region", "account", "name", "status", "document"], ["arn"]);

    public static readonly Table ContainerInstances =
        new("container_instances", ["arn", "cluster_arn", "status", "document"], ["arn"]);

    public static readonly Table KubeNodes = new("kube_nodes", ["instance_id", "document"], ["instance_id"]);

    public static readonly Table DaemonTaskDefinitions =
        new("daemon_task_definitions", ["arn", "region", "account", "family", "revision", "document"], ["arn"]);

    public static readonly Table Daemons = new("daemons", ["arn", "cluster_arn", "status", "document"], ["arn"]);

    public static readonly Table NodeStates = new("node_states", ["instance_id", "status"], ["instance_id"]);

    public static readonly Table Changes = new("changes", ["sequence", "kind", "arn"], ["sequence"]);

    public static readonly IReadOnlyList<Table> All =
    [
        Clusters, TaskDefinitionFamilies, TaskDefinitions, Services, Tasks, ResourceTags, RunTaskTokens, AccountSettings,
        ServiceDeployments, ServiceRevisions, CapacityProviders, ContainerInstances, KubeNodes, DaemonTaskDefinitions, Daemons, NodeStates, Changes,
    ];
}

/// <summary>
/// One row as DuckDB stores it: every column in the table's order. Memory holds these same rows (documents as
/// their JSON's UTF-8 bytes, never changed once stored), so memory and disk cannot disagree.
/// </summary>
public interface IRow
{
    Table Table { get; }

    /// <summary>The key columns' values joined into one string, unique within the table.</summary>
    string Key { get; }

    object?[] KeyValues { get; }

    object?[] Columns();
}

public static class RowKey
{
    public static string Of(params string[] parts) => string.Join('\n', parts);
}

public sealed record ClusterRow(string Arn, string Region, string Account, string Name, string Status, byte[] Document) : IRow
{
    public Table Table => Table.Clusters;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, Region, Account, Name, Status, Document];
}

public sealed record TaskDefinitionFamilyRow(string Region, string Account, string Family, int LastRevision) : IRow
{
    public Table Table => Table.TaskDefinitionFamilies;
    public string Key => RowKey.Of(Region, Account, Family);
    public object?[] KeyValues => [Region, Account, Family];
    public object?[] Columns() => [Region, Account, Family, LastRevision];
}

public sealed record TaskDefinitionRow(string Arn, string Region, string Account, string Family, int Revision, string Status, byte[] Document) : IRow
{
    public Table Table => Table.TaskDefinitions;
    public string Key => Arn;
    public string FamilyKey => RowKey.Of(Region, Account, Family);
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, Region, Account, Family, Revision, Status, Document];
}

public sealed record ServiceRow(
    string Arn, string ClusterArn, string Name, string Status, string? LaunchType, string SchedulingStrategy,
    string? Namespace, string? ClientToken, string RequestHash, byte[] Document, byte[]? Express = null) : IRow
{
    public Table Table => Table.Services;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, ClusterArn, Name, Status, LaunchType, SchedulingStrategy, Namespace, ClientToken, RequestHash, Document, Express];
}

public sealed record TaskRow(
    string Arn, string ClusterArn, string Family, string TaskDefinition, string? ServiceArn, string? StartedBy, string? LaunchType,
    string DesiredStatus, string LastStatus, DateTimeOffset? StoppedAt, string? TraceParent, byte[] Document,
    DateTimeOffset? ProtectedUntil = null, string? DaemonArn = null) : IRow
{
    public Table Table => Table.Tasks;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() =>
        [Arn, ClusterArn, Family, TaskDefinition, ServiceArn, StartedBy, LaunchType, DesiredStatus, LastStatus, StoppedAt, TraceParent, Document,
            ProtectedUntil, DaemonArn];
}

public sealed record TagsRow(string Arn, byte[] Tags) : IRow
{
    public Table Table => Table.ResourceTags;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, Tags];
}

public sealed record RunTaskTokenRow(string ClusterArn, string ClientToken, string RequestHash, byte[] TaskArns, DateTimeOffset CreatedAt) : IRow
{
    public Table Table => Table.RunTaskTokens;
    public string Key => RowKey.Of(ClusterArn, ClientToken);
    public object?[] KeyValues => [ClusterArn, ClientToken];
    public object?[] Columns() => [ClusterArn, ClientToken, RequestHash, TaskArns, CreatedAt];
}

public sealed record AccountSettingRow(string Region, string Account, string PrincipalArn, string Name, string Value) : IRow
{
    public Table Table => Table.AccountSettings;
    public string Key => RowKey.Of(Region, Account, PrincipalArn, Name);
    public object?[] KeyValues => [Region, Account, PrincipalArn, Name];
    public object?[] Columns() => [Region, Account, PrincipalArn, Name, Value];
}

public sealed record ServiceDeploymentRow(
    string Arn, string ServiceArn, long Position, DateTimeOffset CreatedAt, string Status, string TargetDeploymentId,
    string? RollbackDeploymentId, byte[] Document) : IRow
{
    public Table Table => Table.ServiceDeployments;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, ServiceArn, Position, CreatedAt, Status, TargetDeploymentId, RollbackDeploymentId, Document];
}

public sealed record ServiceRevisionRow(string Arn, string ServiceArn, byte[] Document) : IRow
{
    public Table Table => Table.ServiceRevisions;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, ServiceArn, Document];
}

public sealed record CapacityProviderRow(string Arn, string Region, string Account, string Name, string Status, byte[] Document) : IRow
{
    public Table Table => Table.CapacityProviders;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, Region, Account, Name, Status, Document];
}

public sealed record ContainerInstanceRow(string Arn, string ClusterArn, string Status, byte[] Document) : IRow
{
    public Table Table => Table.ContainerInstances;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, ClusterArn, Status, Document];
}

/// <summary>
/// A Kubernetes node as the Scheduler last reported it (a <c>NodeObservation</c> as JSON), by the id of its container
/// instances (its uid without dashes).
/// </summary>
public sealed record KubeNodeRow(string InstanceId, byte[] Document) : IRow
{
    public Table Table => Table.KubeNodes;
    public string Key => InstanceId;
    public object?[] KeyValues => [InstanceId];
    public object?[] Columns() => [InstanceId, Document];
}

/// <summary>A revision of a daemon task definition (<c>daemon-task-definition/FAMILY:REVISION</c>); deleted ones stay.</summary>
public sealed record DaemonTaskDefinitionRow(string Arn, string Region, string Account, string Family, int Revision, byte[] Document) : IRow
{
    public Table Table => Table.DaemonTaskDefinitions;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, Region, Account, Family, Revision, Document];
}

/// <summary>A daemon with its revisions and deployments, one document per daemon (<c>daemon/CLUSTER/NAME</c>).</summary>
public sealed record DaemonRow(string Arn, string ClusterArn, string Status, byte[] Document) : IRow
{
    public Table Table => Table.Daemons;
    public string Key => Arn;
    public object?[] KeyValues => [Arn];
    public object?[] Columns() => [Arn, ClusterArn, Status, Document];
}

/// <summary>
/// The status UpdateContainerInstancesState last asked for a Kubernetes node's instance (by the instance id): DRAINING
/// cordons the node, ACTIVE uncordons it.
/// </summary>
public sealed record NodeStateRow(string InstanceId, string Status) : IRow
{
    public Table Table => Table.NodeStates;
    public string Key => InstanceId;
    public object?[] KeyValues => [InstanceId];
    public object?[] Columns() => [InstanceId, Status];
}

/// <summary>A change-feed entry: a resource the Scheduler should look at again, at a sequence number that only grows.</summary>
public sealed record ChangeRow(long Sequence, string Kind, string Arn) : IRow
{
    public Table Table => Table.Changes;
    public string Key => Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public object?[] KeyValues => [Sequence];
    public object?[] Columns() => [Sequence, Kind, Arn];
}
