using Kecs.Ecs;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Services;

/// <summary>A service's RUNNING and pending tasks that are wanted running, per deployment id (the tasks' startedBy).</summary>
public sealed record ServiceTaskCounts(IReadOnlyDictionary<string, (int Running, int Pending)> ByDeployment)
{
    public static readonly ServiceTaskCounts None = new(new Dictionary<string, (int, int)>());

    public int Running => ByDeployment.Values.Sum(count => count.Running);

    public int Pending => ByDeployment.Values.Sum(count => count.Pending);

    public (int Running, int Pending) Of(string? deploymentId) => ByDeployment.GetValueOrDefault(deploymentId ?? "");

    public static ServiceTaskCounts Read(EcsState state, string serviceArn)
    {
        var counts = new Dictionary<string, (int Running, int Pending)>();
        foreach (var arn in state.TasksByService[serviceArn])
        {
            var task = state.Tasks[arn];
            if (task.DesiredStatus != TaskStore.DesiredRunning)
            {
                continue;
            }

            var (running, pending) = counts.GetValueOrDefault(task.StartedBy ?? "");
            counts[task.StartedBy ?? ""] = (
                running + (task.LastStatus == TaskLifecycle.Running ? 1 : 0),
                pending + (TaskLifecycle.PendingStates.Contains(task.LastStatus) ? 1 : 0));
        }

        return new ServiceTaskCounts(counts);
    }
}
