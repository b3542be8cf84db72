using k8s.Models;
using Kecs.Ecs;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// The ClusterIP Service that lets other tasks reach an ECS service by its name: it selects the
/// service's task pods and exposes every port mapping of the task definition its PRIMARY deployment runs.
/// </summary>
public static class ServiceNetwork
{
    public static V1Service? For(string serviceArn, Service service, TaskDefinition definition)
    {
        var ports = definition.ContainerDefinitions!
            .SelectMany(c => c.PortMappings ?? [])
            .Where(p => p.ContainerPort is > 0)
            .DistinctBy(p => (p.ContainerPort, (p.Protocol ?? "tcp").ToUpperInvariant()))
            .Select((p, i) => new V1ServicePort
            {
                Name = $"port-{i}",
                Port = p.ContainerPort!.Value,
                TargetPort = p.ContainerPort!.Value,
                Protocol = (p.Protocol ?? "tcp").ToUpperInvariant(),
            })
            .ToList();
        if (ports.Count == 0 || EcsArn.Parse(serviceArn) is not { } arn)
        {
            return null;
        }

        var labels = new Dictionary<string, string>
        {
            [KubeLabels.ManagedBy] = KubeLabels.ManagedByKecs,
            [KubeLabels.Service] = KubeNames.LabelValue(service.ServiceName!),
        };
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta
            {
                Name = KubeNames.Service(service.ServiceName!),
                NamespaceProperty = KubeNames.Namespace(arn.Segments[0], arn.Region),
                Labels = labels,
                Annotations = new Dictionary<string, string> { [KubeLabels.ServiceArnAnnotation] = serviceArn },
            },
            Spec = new V1ServiceSpec { Type = "ClusterIP", Selector = labels, Ports = ports },
        };
    }
}
