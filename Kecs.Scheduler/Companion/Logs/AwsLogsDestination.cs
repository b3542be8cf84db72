using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Companion.Logs;

/// <summary>
/// Where a container with the <c>awslogs</c> driver writes: group <c>awslogs-group</c> in <c>awslogs-region</c> (the
/// task's region when not given), stream <c>PREFIX/CONTAINER/TASK-ID</c> (<c>CONTAINER/TASK-ID</c> without
/// <c>awslogs-stream-prefix</c>; ECS names it after the Docker container then), the group created when
/// <c>awslogs-create-group</c> is <c>true</c>.
/// </summary>
public sealed record AwsLogsDestination(string Group, string Stream, string Region, bool CreateGroup)
{
    public const string Driver = "awslogs";

    public static AwsLogsDestination? Of(ContainerDefinition container, DesiredTask task)
    {
        if (container.LogConfiguration is not { LogDriver: Driver, Options: { } options } || options.GetValueOrDefault("awslogs-group") is not { Length: > 0 } group)
        {
            return null;
        }

        var stream = options.GetValueOrDefault("awslogs-stream-prefix") is { Length: > 0 } prefix
            ? $"{prefix}/{container.Name}/{task.Id}"
            : $"{container.Name}/{task.Id}";
        return new AwsLogsDestination(group, stream, options.GetValueOrDefault("awslogs-region") is { Length: > 0 } region ? region : task.Region,
            string.Equals(options.GetValueOrDefault("awslogs-create-group"), "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The task's containers that ship to CloudWatch Logs, with where.</summary>
    public static IEnumerable<(string Container, AwsLogsDestination Destination)> OfTask(DesiredTask task) =>
        task.Definition.ContainerDefinitions!
            .Select(container => (container.Name!, Of(container, task)))
            .Where(entry => entry.Item2 is not null)
            .Select(entry => (entry.Item1, entry.Item2!));
}
