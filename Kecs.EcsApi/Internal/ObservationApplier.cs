using Kecs.Ecs.Internal;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>
/// Applies a Scheduler report to the stored tasks and services, all of it in one write. A report that changes
/// nothing (the Scheduler repeats what it saw after a restart or a resync) leaves no row to persist, so it costs
/// DuckDB nothing.
/// </summary>
public sealed class ObservationApplier(EcsStore store)
{
    public Task<ReportResult> ApplyAsync(ObservedStateReport report, CancellationToken cancellation) =>
        store.WriteAsync(write => Apply(write, report), cancellation);

    /// <summary>Applies the report within a write; the agent operations apply an external agent's reports the same way.</summary>
    public static ReportResult Apply(StateWrite write, ObservedStateReport report)
    {
        var result = new ReportResult();
        var touchedServices = new HashSet<string>();
        foreach (var observation in report.Tasks)
        {
            if (!write.State.Tasks.TryGetValue(observation.TaskArn, out var row))
            {
                result.Ignored.Add($"{observation.TaskArn}: no such task");
                continue;
            }

            var task = TaskStore.Read(row);
            if (!TaskObservationRules.Apply(task, observation, row.Document))
            {
                result.Ignored.Add($"{observation.TaskArn}: nothing new");
                continue;
            }

            TaskStore.Update(write, task);
            result.Applied++;
            if (row.ServiceArn is not null)
            {
                touchedServices.Add(row.ServiceArn);
            }
        }

        foreach (var serviceArn in touchedServices)
        {
            if (ServiceStore.Find(write.State, serviceArn)?.Service is { Status: ServiceStore.Draining } draining)
            {
                ServiceOperations.FinishDrainingIfIdle(write, draining, TaskStore.LiveTasksOfService(write.State, serviceArn));
            }
        }

        return result;
    }
}
