using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.Kubernetes.Pods;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// Puts what a task read from the companion into its namespace before its pod is made (so the kubelet finds it at once),
/// then makes the pod their owner, so Kubernetes deletes them with the pod. A Scheduler that stopped in between makes the
/// pod their owner when it sees the pod again.
/// </summary>
public sealed class TaskSecretsApplier(IKubernetes client)
{
    private const string FieldManager = "kecs";
    private readonly ConcurrentDictionary<string, byte> _owned = new();

    public async Task ApplyAsync(DesiredTask desired, TaskSecrets secrets, CancellationToken cancellation)
    {
        foreach (var secret in TaskSecretObjects.For(desired, secrets))
        {
            await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(secret, V1Patch.PatchType.ApplyPatch), secret.Metadata.Name,
                secret.Metadata.NamespaceProperty, fieldManager: FieldManager, force: true, cancellationToken: cancellation);
        }
    }

    /// <summary>Makes <paramref name="pod"/> the owner of the task's Secrets, once per pod.</summary>
    public async Task EnsureOwnedAsync(DesiredTask desired, V1Pod pod, CancellationToken cancellation)
    {
        if (_owned.ContainsKey(pod.Metadata.Uid))
        {
            return;
        }

        var owner = new
        {
            metadata = new
            {
                ownerReferences = new[] { new { apiVersion = "v1", kind = "Pod", name = pod.Metadata.Name, uid = pod.Metadata.Uid } },
            },
        };
        // The pod names the Secrets it reads: the values through secretKeyRef, the registry credentials as its pull secret.
        var used = (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers)
            .SelectMany(container => container.Env ?? [])
            .Select(variable => variable.ValueFrom?.SecretKeyRef?.Name)
            .Concat((pod.Spec.ImagePullSecrets ?? []).Select(secret => secret.Name))
            .ToHashSet();
        foreach (var name in new[] { TaskSecretObjects.ValuesName(desired), TaskSecretObjects.RegistryName(desired) }.Where(used.Contains))
        {
            try
            {
                await client.CoreV1.PatchNamespacedSecretAsync(new V1Patch(owner, V1Patch.PatchType.MergePatch), name, pod.Metadata.NamespaceProperty,
                    cancellationToken: cancellation);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted meanwhile: there is nothing to own.
            }
        }

        _owned[pod.Metadata.Uid] = 0;
    }

    /// <summary>Forgets a pod that is gone.</summary>
    public void Forget(V1Pod pod) => _owned.TryRemove(pod.Metadata.Uid, out _);
}
