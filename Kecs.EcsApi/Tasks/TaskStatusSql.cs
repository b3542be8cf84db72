using Kecs.Ecs;

namespace Kecs.EcsApi.Tasks;

/// <summary>Lifecycle state lists as SQL literals, for counting tasks in queries.</summary>
public static class TaskStatusSql
{
    public static readonly string PendingStates = string.Join(", ", TaskLifecycle.PendingStates.Select(s => $"'{s}'"));
}
