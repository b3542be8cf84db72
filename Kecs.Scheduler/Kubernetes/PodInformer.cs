using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// A cache of the pods Kecs owns, kept current the way client-go's informers do it: list, then
/// watch from the list's resourceVersion; when a watch ends, watch again from the last version seen;
/// when that version has expired (410 Gone) or anything fails, list again. Every add, change and
/// deletion goes to the callback, including deletions found by comparing a new list with the cache.
/// </summary>
public sealed class PodInformer(IKubernetes client, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShortestWatch = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new();

    /// <summary>True once a list has succeeded: from then on, a task without a pod here has none.</summary>
    public bool Synced { get; private set; }

    /// <summary>The last error talking to the API server, until a list or watch succeeds again.</summary>
    public string? LastError { get; private set; }

    public V1Pod? Find(string taskArn) => _pods.GetValueOrDefault(taskArn);

    public static string? TaskArn(V1Pod pod) => pod.Metadata?.Annotations is { } annotations && annotations.TryGetValue(KubeLabels.TaskArnAnnotation, out var arn) ? arn : null;

    public async Task RunAsync(Action<V1Pod, bool> changed, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(changed, stoppingToken);
                backoff = TimeSpan.FromMilliseconds(100);
                while (resourceVersion is not null)
                {
                    var started = clock.GetTimestamp();
                    resourceVersion = await WatchAsync(resourceVersion, changed, stoppingToken);
                    if (clock.GetElapsedTime(started) < ShortestWatch)
                    {
                        // A server that ends watches at once must not be asked again in a tight loop.
                        await Task.Delay(ShortestWatch, clock, stoppingToken);
                    }
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LastError = error is HttpOperationException http ? $"{(int)http.Response.StatusCode} {http.Response.Content}" : error.Message;
                logger.LogWarning("Kubernetes pod watch failed ({Error}); listing again in {Backoff}", LastError, backoff);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task<string> ListAsync(Action<V1Pod, bool> changed, CancellationToken stoppingToken)
    {
        var list = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: KubeLabels.OwnedSelector, cancellationToken: stoppingToken);
        var listed = new HashSet<string>();
        foreach (var pod in list.Items)
        {
            if (TaskArn(pod) is { } arn)
            {
                listed.Add(arn);
                _pods[arn] = pod;
                changed(pod, false);
            }
        }

        foreach (var (arn, gone) in _pods.Where(p => !listed.Contains(p.Key)).ToList())
        {
            _pods.TryRemove(arn, out _);
            changed(gone, true);
        }

        Synced = true;
        LastError = null;
        return list.Metadata.ResourceVersion;
    }

    /// <summary>Watches until the server ends the watch; returns the version to watch from next, or null to list again.</summary>
    private async Task<string?> WatchAsync(string resourceVersion, Action<V1Pod, bool> changed, CancellationToken stoppingToken)
    {
        Exception? streamError = null;
        var events = client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, labelSelector: KubeLabels.OwnedSelector, resourceVersion: resourceVersion,
            timeoutSeconds: 300, onError: error => streamError = error, cancellationToken: stoppingToken);
        await foreach (var (type, pod) in events)
        {
            if (type == WatchEventType.Error || streamError is not null)
            {
                logger.LogInformation("Pod watch from version {Version} ended with an error ({Error}); listing again", resourceVersion, streamError?.Message ?? "ERROR event");
                return null;
            }

            resourceVersion = pod.Metadata?.ResourceVersion ?? resourceVersion;
            LastError = null;
            if (type == WatchEventType.Bookmark || TaskArn(pod) is not { } arn)
            {
                continue;
            }

            if (type == WatchEventType.Deleted)
            {
                _pods.TryRemove(arn, out _);
                changed(pod, true);
            }
            else
            {
                _pods[arn] = pod;
                changed(pod, false);
            }
        }

        return streamError is null ? resourceVersion : null;
    }
}
