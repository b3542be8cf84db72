using DuckDB.NET.Data;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>Applies a Scheduler report to the stored tasks and services, all of it in one transaction.</summary>
public sealed class ObservationApplier(EcsDatabase database, TimeProvider clock)
{
    public Task<ReportResult> ApplyAsync(ObservedStateReport report, CancellationToken cancellation) =>
        database.WriteAsync(connection =>
        {
            var result = new ReportResult();
            var touchedServices = new HashSet<string>();
            foreach (var observation in report.Tasks)
            {
                if (TaskStore.FindWithService(connection, observation.TaskArn) is not ({ } task, var serviceArn))
                {
                    result.Ignored.Add($"{observation.TaskArn}: no such task");
                    continue;
                }

                if (!TaskObservationRules.Apply(task, observation))
                {
                    result.Ignored.Add($"{observation.TaskArn}: nothing new");
                    continue;
                }

                TaskStore.Update(connection, task);
                result.Applied++;
                if (serviceArn is not null)
                {
                    touchedServices.Add(serviceArn);
                }
            }

            foreach (var report in report.ServiceEvents)
            {
                if (AddEvent(connection, report))
                {
                    result.Applied++;
                }
                else
                {
                    result.Ignored.Add($"{report.ServiceArn}: no such service");
                }
            }

            foreach (var serviceArn in touchedServices)
            {
                if (ServiceStore.Find(connection, serviceArn)?.Service is { Status: ServiceStore.Draining } draining)
                {
                    ServiceOperations.FinishDrainingIfIdle(connection, draining, TaskStore.LiveTasksOfService(connection, serviceArn));
                }
            }

            return result;
        }, cancellation);

    private bool AddEvent(DuckDBConnection connection, ServiceEventReport report)
    {
        if (ServiceStore.Find(connection, report.ServiceArn)?.Service is not { } service)
        {
            return false;
        }

        ServiceEvents.Add(service, report.Message, clock.GetUtcNow());
        ServiceStore.Update(connection, service);
        return true;
    }
}
