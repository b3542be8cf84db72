using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// A cluster's container instances: those registered with RegisterContainerInstance, one row per ARN
/// (<c>container-instance/CLUSTER/ID</c>; a deregistered one is INACTIVE), and the Kubernetes nodes
/// (<see cref="KubeNodeInstances"/>). A registered instance's task counts and remaining resources are not stored: they
/// come from the tasks placed on it when it is read.
/// </summary>
public static partial class ContainerInstanceStore
{
    public const string Active = "ACTIVE";
    public const string Draining = "DRAINING";
    public const string Inactive = "INACTIVE";

    /// <summary>A registered instance as stored, whatever its status.</summary>
    public static ContainerInstance? FindRegistered(EcsState state, string arn) =>
        state.ContainerInstances.TryGetValue(arn, out var row) ? Documents.Read(row.Document, EcsJsonContext.Default.ContainerInstance) : null;

    /// <summary>The instance with this ARN in the cluster, registered or a node, as ECS describes it.</summary>
    public static ContainerInstance? Find(EcsState state, Cluster cluster, string arn) =>
        FindRegistered(state, arn) is { } registered
            ? View(state, registered, cluster.ClusterArn!)
            : KubeNodeInstances.Find(state, cluster, arn[(arn.LastIndexOf('/') + 1)..]);

    /// <summary>
    /// The cluster's instances that are not INACTIVE, registered ones and nodes, in ARN order, with their status and
    /// attributes (a registered one's task counts and remaining resources are left as stored: <see cref="Find"/> has them).
    /// </summary>
    public static IEnumerable<ContainerInstance> All(EcsState state, Cluster cluster) =>
        state.ContainerInstances.Values.Where(row => row.ClusterArn == cluster.ClusterArn && row.Status != Inactive)
            .Select(row => Documents.Read(row.Document, EcsJsonContext.Default.ContainerInstance))
            .Concat(KubeNodeInstances.Of(state, cluster))
            .OrderBy(instance => instance.ContainerInstanceArn, StringComparer.Ordinal);

    /// <summary>How many instances the cluster has that are not INACTIVE, without describing them.</summary>
    public static int Count(EcsState state, Cluster cluster) =>
        state.ContainerInstances.Values.Count(row => row.ClusterArn == cluster.ClusterArn && row.Status != Inactive) + state.KubeNodes.Count;

    /// <summary>True when the ARN is a Kubernetes node's instance in this cluster, which only the node itself changes.</summary>
    public static bool IsNode(EcsState state, Cluster cluster, string arn) =>
        !state.ContainerInstances.ContainsKey(arn) && state.KubeNodes.ContainsKey(arn[(arn.LastIndexOf('/') + 1)..]);

    public static void Save(StateWrite write, ContainerInstance instance, string clusterArn) =>
        write.Put(new ContainerInstanceRow(instance.ContainerInstanceArn!, clusterArn, instance.Status!,
            Documents.Write(instance, EcsJsonContext.Default.ContainerInstance)));

    public static string Arn(Cluster cluster, string id) => Arn(cluster.ClusterArn!, id);

    public static string Arn(string clusterArn, string id) =>
        clusterArn.Replace(":cluster/", ":container-instance/", StringComparison.Ordinal) + "/" + id;

    /// <summary>The ARN an id or ARN names in this cluster (an ARN without an account means the caller's), or null.</summary>
    public static string? ArnIn(Cluster cluster, string value)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return InstanceId().IsMatch(value) ? Arn(cluster, value) : null;
        }

        var full = EcsArn.InAccount(value, EcsArn.Parse(cluster.ClusterArn)!.Account);
        return EcsArn.Parse(full) is { ResourceType: "container-instance", Segments: [var clusterName, var id] } && clusterName == cluster.ClusterName
               && Arn(cluster, id) == full
            ? full
            : null;
    }

    /// <summary>The instance as ECS describes it: its tasks counted, their CPU and memory taken from what it registered.</summary>
    public static ContainerInstance View(EcsState state, ContainerInstance instance, string clusterArn) =>
        View(instance, TasksOn(state, clusterArn, instance.ContainerInstanceArn!).ToList());

    /// <summary>
    /// How the cluster query language sees each of the cluster's instances: described (a registered one's tasks counted)
    /// beside the groups of the tasks meant to run on it. The cluster's live tasks are read once, for every instance.
    /// </summary>
    public static Func<ContainerInstance, QueryTarget> QueryTargets(EcsState state, Cluster cluster)
    {
        var tasksOn = TaskStore.LiveIn(state, cluster.ClusterArn!).Select(TaskStore.Read)
            .Where(task => task.ContainerInstanceArn is not null)
            .ToLookup(task => task.ContainerInstanceArn!);
        return instance =>
        {
            var tasks = tasksOn[instance.ContainerInstanceArn!].ToList();
            var described = state.ContainerInstances.ContainsKey(instance.ContainerInstanceArn!) ? View(instance, tasks) : instance;
            return new QueryTarget(described, tasks.Where(task => task.DesiredStatus == TaskStore.DesiredRunning).Select(task => task.Group).ToList());
        };
    }

    private static ContainerInstance View(ContainerInstance instance, List<EcsTask> tasks)
    {
        instance.RunningTasksCount = tasks.Count(task => task.LastStatus == TaskLifecycle.Running);
        instance.PendingTasksCount = tasks.Count(task => TaskLifecycle.PendingStates.Contains(task.LastStatus));
        instance.RemainingResources = (instance.RegisteredResources ?? []).Select(resource => resource.Name switch
        {
            "CPU" => Less(resource, tasks.Sum(task => Reserved(task).Cpu)),
            "MEMORY" => Less(resource, tasks.Sum(task => Reserved(task).Memory)),
            _ => resource,
        }).ToList();
        return instance;
    }

    /// <summary>The live tasks (not yet stopped) placed on an instance.</summary>
    public static IEnumerable<EcsTask> TasksOn(EcsState state, string clusterArn, string instanceArn) =>
        TaskStore.LiveIn(state, clusterArn).Select(TaskStore.Read).Where(task => task.ContainerInstanceArn == instanceArn);

    private static Resource Less(Resource resource, int used) => new()
    {
        Name = resource.Name, Type = resource.Type, IntegerValue = (resource.IntegerValue ?? 0) - used,
        DoubleValue = 0, LongValue = 0,
    };

    /// <summary>What a task reserves on its instance: its task size when it has one, else its containers' together.</summary>
    public static (int Cpu, int Memory) Reserved(EcsTask task) => (
        Units(task.Cpu) ?? (task.Containers ?? []).Sum(c => Units(c.Cpu) ?? 0),
        Units(task.Memory) ?? (task.Containers ?? []).Sum(c => Units(c.Memory) ?? Units(c.MemoryReservation) ?? 0));

    private static int? Units(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var units) ? units : null;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex InstanceId();
}
