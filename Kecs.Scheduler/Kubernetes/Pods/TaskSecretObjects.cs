using System.Text;
using k8s.Models;
using Kecs.Ecs;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// The Kubernetes Secrets that carry what a task read from the companion: <c>task-ID</c> with the values its containers'
/// environment reads (<c>secretKeyRef</c>), and <c>task-ID-registry</c>, the image pull secret of its registry credentials.
/// Both are owned by the task's pod once it exists, so they go with it.
/// </summary>
public static class TaskSecretObjects
{
    public static string ValuesName(DesiredTask desired) => KubeNames.Pod(desired.Id);

    public static string RegistryName(DesiredTask desired) => KubeNames.Pod(desired.Id) + "-registry";

    public static List<V1Secret> For(DesiredTask desired, TaskSecrets secrets)
    {
        var objects = new List<V1Secret>();
        if (secrets.Values.Count > 0)
        {
            objects.Add(Secret(desired, ValuesName(desired), "Opaque",
                secrets.Values.ToDictionary(value => value.Key, value => Encoding.UTF8.GetBytes(value.Value))));
        }

        if (secrets.DockerConfigJson is { } dockerConfig)
        {
            objects.Add(Secret(desired, RegistryName(desired), "kubernetes.io/dockerconfigjson",
                new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(dockerConfig) }));
        }

        return objects;
    }

    private static V1Secret Secret(DesiredTask desired, string name, string type, Dictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = type,
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = KubeNames.Namespace(desired.ClusterName, desired.Region),
            Labels = new Dictionary<string, string>
            {
                [KubeLabels.ManagedBy] = KubeLabels.ManagedByKecs,
                [KubeLabels.Cluster] = KubeNames.LabelValue(desired.ClusterName),
                [KubeLabels.Region] = desired.Region,
                [KubeLabels.TaskId] = desired.Id,
            },
            Annotations = new Dictionary<string, string> { [KubeLabels.TaskArnAnnotation] = desired.Arn },
        },
        Data = data,
    };
}
