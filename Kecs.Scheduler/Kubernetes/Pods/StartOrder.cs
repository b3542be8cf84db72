using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Kubernetes.Pods;

public enum ContainerRole
{
    /// <summary>A normal container of the pod.</summary>
    App,

    /// <summary>An init container that runs to completion first: others depend on it with COMPLETE or SUCCESS.</summary>
    RunToCompletion,

    /// <summary>A sidecar (init container with restartPolicy Always): others depend on it with START or HEALTHY.</summary>
    Sidecar,
}

/// <summary>
/// ECS <c>dependsOn</c> as Kubernetes start order. Kubernetes starts init containers one by one in
/// order (a sidecar counts as started once its startup probe passes) and app containers after all
/// of them, so every container something depends on becomes an init container, ordered so that
/// each comes after the containers it depends on.
/// </summary>
public static class StartOrder
{
    public static ContainerRole RoleOf(ContainerDefinition container, TaskDefinition definition)
    {
        var conditions = definition.ContainerDefinitions!
            .SelectMany(c => c.DependsOn ?? [])
            .Where(d => d.ContainerName == container.Name)
            .Select(d => d.Condition)
            .ToList();
        return conditions.Any(c => c is "COMPLETE" or "SUCCESS") ? ContainerRole.RunToCompletion
            : conditions.Count > 0 ? ContainerRole.Sidecar
            : ContainerRole.App;
    }

    /// <summary>The init containers in an order that respects their own dependencies (definition order otherwise).</summary>
    public static List<ContainerDefinition> InitContainers(TaskDefinition definition)
    {
        var init = definition.ContainerDefinitions!.Where(c => RoleOf(c, definition) != ContainerRole.App).ToList();
        var ordered = new List<ContainerDefinition>();
        var visiting = new HashSet<string>();
        foreach (var container in init)
        {
            Visit(container);
        }

        return ordered;

        void Visit(ContainerDefinition container)
        {
            if (ordered.Contains(container) || !visiting.Add(container.Name!))
            {
                return;
            }

            foreach (var dependency in container.DependsOn ?? [])
            {
                if (init.FirstOrDefault(c => c.Name == dependency.ContainerName) is { } before)
                {
                    Visit(before);
                }
            }

            ordered.Add(container);
        }
    }
}
