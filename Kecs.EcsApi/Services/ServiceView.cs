using Kecs.Ecs.Model;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskSets;

namespace Kecs.EcsApi.Services;

/// <summary>
/// A stored service as operations return it: running and pending counts taken from its tasks, per deployment and
/// revision. The service given is changed into the view: pass one that is not saved afterwards.
/// </summary>
public static class ServiceView
{
    public static Service Of(EcsState state, Service service, bool includeTags)
    {
        var counts = ServiceTaskCounts.Read(state, service.ServiceArn!);
        service.RunningCount = counts.Running;
        service.PendingCount = counts.Pending;
        foreach (var deployment in service.Deployments ?? [])
        {
            (deployment.RunningCount, deployment.PendingCount) = counts.Of(deployment.Id);
        }

        foreach (var taskSet in service.TaskSets ?? [])
        {
            ServiceTaskSets.View(taskSet, service, counts);
        }

        service.CurrentServiceRevisions = service.Deployments?.Select(deployment => new ServiceCurrentRevisionSummary
        {
            Arn = ServiceRevisions.Arn(service.ServiceArn!, deployment.Id!),
            RequestedTaskCount = deployment.DesiredCount,
            RunningTaskCount = deployment.RunningCount,
            PendingTaskCount = deployment.PendingCount,
        }).ToList();
        service.Tags = includeTags ? ResourceTagStore.Read(state, service.ServiceArn!) : null;
        return service;
    }
}
