using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>
/// ECS's task placement over a cluster's ACTIVE container instances (nodes and registered ones), for tasks that ask for
/// it with placement constraints or strategies: the constraints pick the instances a task may run on (<c>memberOf</c>
/// a cluster query, <c>distinctInstance</c> from the other tasks of its group, and enough CPU and memory left),
/// and the strategies, in order, pick among them (<c>spread</c> over an attribute's values or instances, <c>binpack</c>
/// on the least CPU or memory left, <c>random</c>). A task that fits nowhere fails with the reason of the instance
/// that came closest, as ECS reports it.
/// </summary>
public sealed class InstancePlacement
{
    private const string MemberOfUnsatisfied = "MemberOf placement constraint unsatisfied.";
    private const string DistinctInstanceUnsatisfied = "DistinctInstance placement constraint unsatisfied.";

    private readonly List<Candidate> _candidates;
    private readonly List<ClusterQuery> _memberOf;
    private readonly bool _distinctInstance;
    private readonly List<PlacementStrategy> _strategies;

    private InstancePlacement(List<Candidate> candidates, List<ClusterQuery> memberOf, bool distinctInstance, List<PlacementStrategy> strategies)
    {
        _candidates = candidates;
        _memberOf = memberOf;
        _distinctInstance = distinctInstance;
        _strategies = strategies;
    }

    /// <summary>
    /// The placement of tasks over the cluster's instances, or null when Kubernetes places them instead: no constraint
    /// (of the request or the task definition) or strategy asks for placement, or the cluster has no container instance.
    /// </summary>
    public static InstancePlacement? For(
        EcsState state, Cluster cluster, List<PlacementConstraint>? constraints, List<PlacementStrategy>? strategies, TaskDefinition definition)
    {
        var all = (constraints ?? [])
            .Concat((definition.PlacementConstraints ?? []).Select(c => new PlacementConstraint { Type = c.Type, Expression = c.Expression }))
            .ToList();
        if (all.Count == 0 && strategies is not { Count: > 0 } || ContainerInstanceStore.Count(state, cluster) == 0)
        {
            return null;
        }

        var groupsOn = TaskStore.LiveIn(state, cluster.ClusterArn!).Where(row => row.DesiredStatus == TaskStore.DesiredRunning).Select(TaskStore.Read)
            .Where(task => task.ContainerInstanceArn is not null)
            .ToLookup(task => task.ContainerInstanceArn!, task => task.Group);
        var candidates = ContainerInstanceStore.All(state, cluster)
            .Select(instance => ContainerInstanceStore.Find(state, cluster, instance.ContainerInstanceArn!)!)
            .Where(instance => instance.Status == ContainerInstanceStore.Active)
            .Select(instance => new Candidate(instance, groupsOn[instance.ContainerInstanceArn!].ToList()))
            .ToList();
        return new InstancePlacement(candidates,
            all.Where(c => c.Type == "memberOf").Select(c => ClusterQuery.Parse(c.Expression!)).ToList(),
            all.Any(c => c.Type == "distinctInstance"), strategies ?? []);
    }

    /// <summary>Checks constraints and strategies as ECS does before anything is placed.</summary>
    public static void Validate(List<PlacementConstraint>? constraints, List<PlacementStrategy>? strategies)
    {
        if (constraints is { Count: > 10 } || strategies is { Count: > 5 })
        {
            throw EcsException.InvalidParameter("A task takes at most 10 placement constraints and 5 placement strategies.");
        }

        foreach (var constraint in constraints ?? [])
        {
            switch (constraint)
            {
                case { Type: "distinctInstance", Expression: null or "" }:
                    break;
                case { Type: "distinctInstance" }:
                    throw EcsException.InvalidParameter("The distinctInstance placement constraint takes no expression.");
                case { Type: "memberOf", Expression: { Length: > 0 } expression }:
                    ClusterQuery.Parse(expression);
                    break;
                case { Type: "memberOf" }:
                    throw EcsException.InvalidParameter("The memberOf placement constraint needs an expression in the cluster query language.");
                default:
                    throw EcsException.InvalidParameter($"'{constraint.Type}' is not a placement constraint type: use distinctInstance or memberOf.");
            }
        }

        foreach (var strategy in strategies ?? [])
        {
            switch (strategy)
            {
                case { Type: "random" }:
                case { Type: "spread", Field: { Length: > 0 } }:
                case { Type: "binpack", Field: "cpu" or "memory" or "CPU" or "MEMORY" }:
                    break;
                case { Type: "spread" }:
                    throw EcsException.InvalidParameter("The spread placement strategy needs a field: instanceId, host or attribute:NAME.");
                case { Type: "binpack" }:
                    throw EcsException.InvalidParameter("The binpack placement strategy needs the field cpu or memory.");
                default:
                    throw EcsException.InvalidParameter($"'{strategy.Type}' is not a placement strategy type: use random, spread or binpack.");
            }
        }
    }

    /// <summary>Places one task of this group, counting the tasks placed before it; the instance, or the failure ECS reports.</summary>
    public (ContainerInstance? Instance, Failure? Failure) Place(EcsTask task)
    {
        var (cpu, memory) = ContainerInstanceStore.Reserved(task);
        var closest = (Candidate: (Candidate?)null, Passed: -1, Reason: "RESOURCE:MEMORY");
        var fitting = new List<Candidate>();
        foreach (var candidate in _candidates)
        {
            var (passed, reason) = Check(candidate, task.Group!, cpu, memory);
            if (reason is null)
            {
                fitting.Add(candidate);
            }
            else if (passed > closest.Passed)
            {
                closest = (candidate, passed, reason);
            }
        }

        if (fitting.Count == 0)
        {
            return (null, new Failure { Arn = closest.Candidate?.Instance.ContainerInstanceArn, Reason = closest.Reason });
        }

        var chosen = Choose(fitting, task.Group!);
        chosen.Place(task.Group!, cpu, memory);
        return (chosen.Instance, null);
    }

    private (int Passed, string? Reason) Check(Candidate candidate, string group, int cpu, int memory)
    {
        if (!_memberOf.All(query => query.Matches(new QueryTarget(candidate.Instance, candidate.Groups))))
        {
            return (0, MemberOfUnsatisfied);
        }

        if (_distinctInstance && candidate.Groups.Contains(group))
        {
            return (1, DistinctInstanceUnsatisfied);
        }

        return candidate.CpuLeft < cpu ? (2, "RESOURCE:CPU") : candidate.MemoryLeft < memory ? (3, "RESOURCE:MEMORY") : (4, null);
    }

    private Candidate Choose(List<Candidate> fitting, string group)
    {
        IOrderedEnumerable<Candidate> ordered = fitting.OrderBy(_ => 0);
        foreach (var strategy in _strategies)
        {
            ordered = strategy switch
            {
                { Type: "random" } => ordered.ThenBy(_ => Random.Shared.Next()),
                { Type: "binpack", Field: var field } when field!.Equals("cpu", StringComparison.OrdinalIgnoreCase) => ordered.ThenBy(c => c.CpuLeft),
                { Type: "binpack" } => ordered.ThenBy(c => c.MemoryLeft),
                { Type: "spread", Field: "instanceId" or "host" } => ordered.ThenBy(c => c.Groups.Count(g => g == group)),
                { Type: "spread", Field: var field } => ordered.ThenBy(c => SpreadCount(c, field!, group)),
                _ => ordered,
            };
        }

        return ordered.ThenBy(c => c.Instance.ContainerInstanceArn, StringComparer.Ordinal).First();
    }

    /// <summary>How many tasks of the group run on instances with the same value of the attribute as this one.</summary>
    private int SpreadCount(Candidate candidate, string field, string group)
    {
        var name = field.StartsWith("attribute:", StringComparison.Ordinal) ? field["attribute:".Length..] : field;
        var value = ValueOf(candidate, name);
        return _candidates.Where(other => ValueOf(other, name) == value).Sum(other => other.Groups.Count(g => g == group));
    }

    private static string? ValueOf(Candidate candidate, string attribute) =>
        candidate.Instance.Attributes?.FirstOrDefault(a => a.Name == attribute)?.Value;

    /// <summary>An instance with what is left on it and the groups of the tasks on it, updated as tasks are placed.</summary>
    private sealed class Candidate(ContainerInstance instance, List<string?> groups)
    {
        public ContainerInstance Instance { get; } = instance;
        public List<string?> Groups { get; } = groups;
        public int CpuLeft { get; private set; } = Left(instance, "CPU");
        public int MemoryLeft { get; private set; } = Left(instance, "MEMORY");

        public void Place(string group, int cpu, int memory)
        {
            Groups.Add(group);
            CpuLeft -= cpu;
            MemoryLeft -= memory;
        }

        private static int Left(ContainerInstance instance, string name) =>
            instance.RemainingResources?.FirstOrDefault(r => r.Name == name)?.IntegerValue ?? 0;
    }
}
