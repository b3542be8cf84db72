using System.Collections.Concurrent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kecs.Scheduler.Convergence;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// A cache of the objects of one kind, by a key of each (the ECS ARN annotated on what Kecs owns), kept current the way
/// client-go's informers do it: list, then watch from the list's resourceVersion; when a watch ends, watch again from
/// the last version seen; when that version has expired (410 Gone) or anything fails, list again. Every add, change
/// and deletion goes to the callback, including deletions found by comparing a new list with the cache.
/// </summary>
public sealed class KubeInformer<T>(
    string kind,
    Func<T, string?> keyOf,
    Func<CancellationToken, Task<(IList<T> Items, string ResourceVersion)>> list,
    Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
    TimeProvider clock,
    ILogger logger)
    where T : IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShortestWatch = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, T> _objects = new();

    /// <summary>True once a list has succeeded: from then on, a key without an object here has none.</summary>
    public bool Synced { get; private set; }

    /// <summary>The last error talking to the API server, until a list or watch succeeds again.</summary>
    public string? LastError { get; private set; }

    public T? Find(string key) => _objects.GetValueOrDefault(key);

    /// <summary>Every object in the cache now.</summary>
    public ICollection<T> Items => _objects.Values;

    /// <summary>The object's key, or null for an object the informer does not keep.</summary>
    public string? KeyOf(T item) => keyOf(item);

    public async Task RunAsync(Action<T, bool> changed, CancellationToken stoppingToken)
    {
        var backoff = new Backoff(FirstBackoff, MaxBackoff);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var resourceVersion = await ListAsync(changed, stoppingToken);
                backoff.Succeeded();
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
                var delay = backoff.Failed();
                logger.LogWarning("Kubernetes {Kind} watch failed ({Error}); listing again in {Backoff}", kind, LastError, delay);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
    }

    private async Task<string> ListAsync(Action<T, bool> changed, CancellationToken stoppingToken)
    {
        var (items, resourceVersion) = await list(stoppingToken);
        var listed = new HashSet<string>();
        foreach (var item in items)
        {
            if (KeyOf(item) is { } arn)
            {
                listed.Add(arn);
                _objects[arn] = item;
                changed(item, false);
            }
        }

        foreach (var (arn, gone) in _objects.Where(o => !listed.Contains(o.Key)).ToList())
        {
            _objects.TryRemove(arn, out _);
            changed(gone, true);
        }

        Synced = true;
        LastError = null;
        return resourceVersion;
    }

    /// <summary>Watches until the server ends the watch; returns the version to watch from next, or null to list again.</summary>
    private async Task<string?> WatchAsync(string resourceVersion, Action<T, bool> changed, CancellationToken stoppingToken)
    {
        Exception? streamError = null;
        await foreach (var (type, item) in watch(resourceVersion, error => streamError = error, stoppingToken))
        {
            if (type == WatchEventType.Error || streamError is not null)
            {
                logger.LogInformation("{Kind} watch from version {Version} ended with an error ({Error}); listing again",
                    kind, resourceVersion, streamError?.Message ?? "ERROR event");
                return null;
            }

            resourceVersion = item.Metadata?.ResourceVersion ?? resourceVersion;
            LastError = null;
            if (type == WatchEventType.Bookmark || KeyOf(item) is not { } arn)
            {
                continue;
            }

            if (type == WatchEventType.Deleted)
            {
                _objects.TryRemove(arn, out _);
                changed(item, true);
            }
            else
            {
                _objects[arn] = item;
                changed(item, false);
            }
        }

        return streamError is null ? resourceVersion : null;
    }
}

/// <summary>The informers of the Kubernetes runtime: the pods of tasks, the Services of ECS services, and the nodes.</summary>
public static class KubeInformers
{
    public static KubeInformer<V1Pod> Pods(IKubernetes client, TimeProvider clock, ILogger logger) => new(
        "pod", item => Annotation(item, KubeLabels.TaskArnAnnotation),
        async cancellation =>
        {
            var pods = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: KubeLabels.OwnedSelector, cancellationToken: cancellation);
            return (pods.Items, pods.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, cancellation) => client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, labelSelector: KubeLabels.OwnedSelector, resourceVersion: resourceVersion,
            timeoutSeconds: 300, onError: onError, cancellationToken: cancellation),
        clock, logger);

    public static KubeInformer<V1Service> Services(IKubernetes client, TimeProvider clock, ILogger logger) => new(
        "service", item => Annotation(item, KubeLabels.ServiceArnAnnotation),
        async cancellation =>
        {
            var services = await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: KubeLabels.OwnedSelector, cancellationToken: cancellation);
            return (services.Items, services.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, cancellation) => client.CoreV1.WatchListServiceForAllNamespacesAsync(
            allowWatchBookmarks: true, labelSelector: KubeLabels.OwnedSelector, resourceVersion: resourceVersion,
            timeoutSeconds: 300, onError: onError, cancellationToken: cancellation),
        clock, logger);

    public static KubeInformer<V1Node> Nodes(IKubernetes client, TimeProvider clock, ILogger logger) => new(
        "node", item => item.Metadata?.Uid,
        async cancellation =>
        {
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellation);
            return (nodes.Items, nodes.Metadata.ResourceVersion);
        },
        (resourceVersion, onError, cancellation) => client.CoreV1.WatchListNodeAsync(
            allowWatchBookmarks: true, resourceVersion: resourceVersion, timeoutSeconds: 300, onError: onError, cancellationToken: cancellation),
        clock, logger);

    /// <summary>The ECS ARN an object Kecs made is annotated with, or null for an object not made for one.</summary>
    private static string? Annotation(IKubernetesObject<V1ObjectMeta> item, string annotation) =>
        item.Metadata?.Annotations is { } annotations && annotations.TryGetValue(annotation, out var arn) ? arn : null;
}
