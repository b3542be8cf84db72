using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Kecs.Testing.FakeKube;

/// <summary>
/// The fake API server's storage: objects by kind, namespace and name as JSON, one resourceVersion
/// counter for everything (as etcd's revision), the history of changes for watches, and the watches
/// themselves. Every method takes the one lock, so a watch never misses or repeats a change.
/// </summary>
public sealed class KubeObjectStore
{
    private const int HistoryLimit = 10_000;

    private readonly Dictionary<(string Kind, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<WatchEvent> _history = [];
    private readonly List<WatchSubscription> _watches = [];
    private readonly Lock _lock = new();
    private long _version;
    private long _oldestWatchable;

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public JsonObject? Get(string kind, string ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue((kind, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    public List<JsonObject> List(string kind, string? ns = null, Func<JsonObject, bool>? filter = null)
    {
        lock (_lock)
        {
            return _objects
                .Where(o => o.Key.Kind == kind && (ns is null || o.Key.Namespace == ns) && (filter is null || filter(o.Value)))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
        }
    }

    /// <summary>Stores a new object; false when one with its name exists.</summary>
    public bool TryCreate(string kind, string ns, JsonObject item, DateTimeOffset now)
    {
        lock (_lock)
        {
            var name = item["metadata"]!["name"]!.GetValue<string>();
            if (_objects.ContainsKey((kind, ns, name)))
            {
                return false;
            }

            var metadata = item["metadata"]!.AsObject();
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            if (ns.Length > 0)
            {
                metadata["namespace"] = ns;
            }

            Commit(kind, ns, name, item, "ADDED");
            return true;
        }
    }

    /// <summary>Changes an object in place; null when it does not exist. The change sees and edits a private copy.</summary>
    public JsonObject? Update(string kind, string ns, string name, Action<JsonObject> change)
    {
        lock (_lock)
        {
            if (!_objects.TryGetValue((kind, ns, name), out var current))
            {
                return null;
            }

            var next = (JsonObject)current.DeepClone();
            change(next);
            Commit(kind, ns, name, next, "MODIFIED");
            return (JsonObject)next.DeepClone();
        }
    }

    /// <summary>Replaces an object if <paramref name="expectedVersion"/> (when given) is still current.</summary>
    public (JsonObject? Stored, bool Conflict) Replace(string kind, string ns, string name, JsonObject item, string? expectedVersion)
    {
        lock (_lock)
        {
            if (!_objects.TryGetValue((kind, ns, name), out var current))
            {
                return (null, false);
            }

            if (expectedVersion is { Length: > 0 } && expectedVersion != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return (null, true);
            }

            foreach (var kept in new[] { "uid", "creationTimestamp", "namespace", "deletionTimestamp" })
            {
                item["metadata"]![kept] = current["metadata"]![kept]?.DeepClone();
            }

            Commit(kind, ns, name, item, "MODIFIED");
            return ((JsonObject)item.DeepClone(), false);
        }
    }

    /// <summary>Removes an object and, as the garbage collector does, the objects of its namespace it owns (ownerReferences).</summary>
    public JsonObject? Remove(string kind, string ns, string name)
    {
        JsonObject result;
        List<(string Kind, string Name)> dependents;
        lock (_lock)
        {
            if (!_objects.Remove((kind, ns, name), out var removed))
            {
                return null;
            }

            _version++;
            removed["metadata"]!["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture);
            Publish(new WatchEvent(kind, ns, "DELETED", removed, _version));
            result = (JsonObject)removed.DeepClone();
            var uid = removed["metadata"]!["uid"]?.GetValue<string>();
            dependents = _objects
                .Where(entry => entry.Key.Namespace == ns && entry.Value["metadata"]?["ownerReferences"] is JsonArray owners
                                && owners.Any(owner => owner?["uid"]?.GetValue<string>() == uid))
                .Select(entry => (entry.Key.Kind, entry.Key.Name))
                .ToList();
        }

        foreach (var (dependentKind, dependentName) in dependents)
        {
            Remove(dependentKind, ns, dependentName);
        }

        return result;
    }

    /// <summary>Opens a watch from <paramref name="fromVersion"/>; null when that version is older than the history kept (410 Gone).</summary>
    public WatchSubscription? Watch(string kind, string? ns, long? fromVersion)
    {
        lock (_lock)
        {
            if (fromVersion is { } from && from < _oldestWatchable)
            {
                return null;
            }

            var subscription = new WatchSubscription(kind, ns);
            var replay = fromVersion is { } after
                ? _history.Where(e => e.Version > after)
                : _objects.Where(o => o.Key.Kind == kind).Select(o => new WatchEvent(kind, o.Key.Namespace, "ADDED", o.Value, _version));
            foreach (var item in replay.ToList())
            {
                subscription.Offer(item);
            }

            _watches.Add(subscription);
            return subscription;
        }
    }

    public void StopWatching(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _watches.Remove(subscription);
        }
    }

    /// <summary>Forgets the history, as etcd compaction does: watches from any version seen so far get 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _oldestWatchable = _version + 1;
            _history.Clear();
            foreach (var watch in _watches)
            {
                watch.End();
            }

            _watches.Clear();
        }
    }

    private void Commit(string kind, string ns, string name, JsonObject item, string type)
    {
        _version++;
        item["metadata"]!["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture);
        _objects[(kind, ns, name)] = item;
        Publish(new WatchEvent(kind, ns, type, item, _version));
    }

    private void Publish(WatchEvent change)
    {
        var stored = change with { Item = (JsonObject)change.Item.DeepClone() };
        _history.Add(stored);
        if (_history.Count > HistoryLimit)
        {
            _oldestWatchable = _history[0].Version + 1;
            _history.RemoveAt(0);
        }

        foreach (var watch in _watches)
        {
            watch.Offer(stored);
        }
    }
}

public sealed record WatchEvent(string Kind, string Namespace, string Type, JsonObject Item, long Version);

/// <summary>One open watch: the changes of one kind (in one namespace, or all) waiting to be written.</summary>
public sealed class WatchSubscription(string kind, string? ns)
{
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>();

    public ChannelReader<WatchEvent> Events => _events.Reader;

    internal void Offer(WatchEvent change)
    {
        if (change.Kind == kind && (ns is null || change.Namespace == ns))
        {
            _events.Writer.TryWrite(change);
        }
    }

    internal void End() => _events.Writer.TryComplete();
}
