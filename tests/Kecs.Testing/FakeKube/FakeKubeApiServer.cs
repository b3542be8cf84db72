using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kecs.Testing.FakeKube;

/// <summary>
/// A Kubernetes API server on loopback, for the core/v1 objects Kecs uses: namespaces, nodes, pods (with
/// the status subresource and graceful deletion), services, secrets, configmaps, service accounts and events. It keeps
/// resourceVersions, answers conflicts with 409, filters by label and field selectors, streams
/// watches (410 Gone after <see cref="KubeObjectStore.Compact"/>), and answers errors with
/// Kubernetes <c>Status</c> bodies. <see cref="Kubelet"/> plays the node. Like a real control plane, a new namespace's
/// <c>default</c> ServiceAccount appears a moment after it (and pods are refused until then), a deleted namespace stays
/// Terminating while its contents go (and takes no new ones), and deletions are rate-limited.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private static readonly HashSet<string> Kinds = ["namespaces", "nodes", "pods", "services", "secrets", "configmaps", "serviceaccounts", "events"];
    private static readonly HashSet<string> ClusterScoped = ["namespaces", "nodes"];
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _closing = new();

    private FakeKubeApiServer(WebApplication app, KubeObjectStore store, FakeKubelet kubelet)
    {
        _app = app;
        Store = store;
        Kubelet = kubelet;
    }

    public KubeObjectStore Store { get; }

    public FakeKubelet Kubelet { get; }

    public string Url { get; private set; } = "";

    private CancellationTokenSource _outage = new();

    private CancellationTokenSource _watchDrop = new();

    private int _injectedErrors;
    private int _injectedStatus;

    /// <summary>How long every request waits before it is handled, as a slow or overloaded API server.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How long after a namespace is created the service-account controller gives it its <c>default</c> ServiceAccount.</summary>
    public TimeSpan ServiceAccountDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a deleted namespace stays Terminating once its contents are gone.</summary>
    public TimeSpan NamespaceTermination { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many pod creations reached the server, answered or not (while it is down or slow too).</summary>
    public int PodCreationsSeen => Volatile.Read(ref _podCreationsSeen);

    /// <summary>The messages of the creations refused with 403 Forbidden (no service account yet, namespace Terminating).</summary>
    public IReadOnlyCollection<string> Refusals => _refusals;

    /// <summary>How many deletions a second the server takes, as a small control plane's rate limits allow; more wait.</summary>
    public double DeletesPerSecond { get; set; } = 20;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _refusals = new();
    private int _podCreationsSeen;
    private readonly Lock _deleteTokensLock = new();
    private double _deleteTokens = 20;
    private DateTimeOffset _deleteTokensAt = DateTimeOffset.UtcNow;

    /// <summary>The next <paramref name="count"/> requests that are not watches answer <paramref name="status"/> with a Status body.</summary>
    public void FailNext(int count, int status)
    {
        _injectedStatus = status;
        Volatile.Write(ref _injectedErrors, count);
    }

    /// <summary>While true the server drops every connection without an answer, open watches included, as an unreachable API server.</summary>
    public bool Down
    {
        get => _outage.IsCancellationRequested;
        set
        {
            if (value)
            {
                _outage.Cancel();
            }
            else if (_outage.IsCancellationRequested)
            {
                _outage = new CancellationTokenSource();
            }
        }
    }

    /// <summary>True while errors injected by <see cref="FailNext"/> are still to be answered.</summary>
    public bool FailingNext => Volatile.Read(ref _injectedErrors) > 0;

    /// <summary>Resets every open watch connection while the server stays up, as a proxy dropping long-lived streams does.</summary>
    public void DropWatches() => Interlocked.Exchange(ref _watchDrop, new CancellationTokenSource()).Cancel();

    public static async Task<FakeKubeApiServer> StartAsync(bool immediateKubelet = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var store = new KubeObjectStore();
        var server = new FakeKubeApiServer(app, store, new FakeKubelet(store, TimeProvider.System) { Immediate = immediateKubelet });
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = app.Urls.First();
        return server;
    }

    /// <summary>Writes a kubeconfig whose current context (<c>fake</c>) points at this server.</summary>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
            current-context: fake
            users:
            - name: fake
              user:
                token: fake-token
            """);
        return path;
    }

    public List<JsonObject> Pods(string? ns = null) => Store.List("pods", ns);

    /// <summary>Adds a namespace that has been there a while: its <c>default</c> ServiceAccount exists already.</summary>
    public void AddNamespace(string name)
    {
        Store.TryCreate("namespaces", "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, DateTimeOffset.UtcNow);
        Store.TryCreate("serviceaccounts", name, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, DateTimeOffset.UtcNow);
    }

    /// <summary>Adds a Ready node with this much allocatable CPU (cores) and memory (MiB) and these labels; returns its uid.</summary>
    public string AddNode(string name, int cpus = 4, int memoryMiB = 8192, Dictionary<string, string>? labels = null)
    {
        var labelObject = new JsonObject { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64", ["kubernetes.io/hostname"] = name };
        foreach (var (key, value) in labels ?? [])
        {
            labelObject[key] = value;
        }

        Store.TryCreate("nodes", "", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["providerID"] = $"aws:///us-east-1a/i-{name}" },
            ["status"] = new JsonObject
            {
                ["allocatable"] = new JsonObject { ["cpu"] = cpus.ToString(CultureInfo.InvariantCulture), ["memory"] = $"{memoryMiB}Mi", ["pods"] = "110" },
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        }, DateTimeOffset.UtcNow);
        return Store.Get("nodes", "", name)!["metadata"]!["uid"]!.GetValue<string>();
    }

    /// <summary>Marks a node unschedulable, as <c>kubectl cordon</c> does.</summary>
    public void Cordon(string name) => Store.Update("nodes", "", name, node => node["spec"]!["unschedulable"] = true);

    /// <summary>Removes a node and, as the pod garbage collector does for a node that is gone, the pods bound to it.</summary>
    public void RemoveNode(string name)
    {
        Store.Remove("nodes", "", name);
        foreach (var pod in Store.List("pods", null).Where(pod => pod["spec"]?["nodeName"]?.GetValue<string>() == name))
        {
            Store.Remove("pods", pod["metadata"]!["namespace"]!.GetValue<string>(), pod["metadata"]!["name"]!.GetValue<string>());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method == "POST" && context.Request.Path.Value!.EndsWith("/pods", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _podCreationsSeen);
        }

        if (Down)
        {
            context.Abort();
            return;
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        if (context.Request.Query["watch"] is not ["true" or "1"] && Interlocked.Decrement(ref _injectedErrors) >= 0)
        {
            await StatusAsync(context, _injectedStatus, _injectedStatus == 409 ? "Conflict" : "InternalError", "injected by the test");
            return;
        }

        var path = context.Request.Path.Value!.Trim('/').Split('/');
        if (path is ["version"])
        {
            await WriteAsync(context, 200, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0-kecs-fake" });
            return;
        }

        if (path is ["api", "v1", "namespaces", var logNamespace, "pods", var logPod, "log"])
        {
            await LogAsync(context, logNamespace, logPod);
            return;
        }

        // api/v1/KIND[/NAME[/status]] or api/v1/namespaces/NS/KIND[/NAME[/status]]
        var (kind, ns, name, subresource) = path switch
        {
            ["api", "v1", var k] => (k, (string?)null, (string?)null, (string?)null),
            ["api", "v1", var k, var n] when ClusterScoped.Contains(k) => (k, "", n, null),
            ["api", "v1", var k, var n, "status"] when ClusterScoped.Contains(k) => (k, "", n, "status"),
            ["api", "v1", "namespaces", var n, var k] => (k, n, null, null),
            ["api", "v1", "namespaces", var n, var k, var item] => (k, n, item, null),
            ["api", "v1", "namespaces", var n, var k, var item, var sub] => (k, n, item, sub),
            _ => ("", null, null, null),
        };
        if (!Kinds.Contains(kind))
        {
            await StatusAsync(context, 404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})");
            return;
        }

        ns ??= ClusterScoped.Contains(kind) ? "" : null;
        var handling = (context.Request.Method, name) switch
        {
            ("GET", null) when context.Request.Query["watch"] is ["true" or "1"] => WatchAsync(context, kind, ns),
            ("GET", null) => ListAsync(context, kind, ns),
            ("POST", null) => CreateAsync(context, kind, ns ?? ""),
            ("GET", { } n) => GetAsync(context, kind, ns ?? "", n),
            ("PUT", { } n) => ReplaceAsync(context, kind, ns ?? "", n, subresource),
            ("PATCH", { } n) => PatchAsync(context, kind, ns ?? "", n),
            ("DELETE", { } n) => DeleteAsync(context, kind, ns ?? "", n),
            _ => StatusAsync(context, 405, "MethodNotAllowed", $"{context.Request.Method} is not supported on {context.Request.Path}"),
        };
        await handling;
    }

    /// <summary>
    /// A container's log as the kubelet has it (each line after its RFC 3339 time with <c>timestamps=true</c>); with
    /// <c>follow</c>, new lines until the container has terminated, the pod is gone or the caller leaves. A container that
    /// has not started answers 400, as a real API server does.
    /// </summary>
    private async Task LogAsync(HttpContext context, string ns, string name)
    {
        var container = context.Request.Query["container"].ToString();
        var pod = Store.Get("pods", ns, name);
        if (pod is null)
        {
            await StatusAsync(context, 404, "NotFound", $"pods \"{name}\" not found");
            return;
        }

        var names = pod["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        if (!names.Contains(container))
        {
            await StatusAsync(context, 400, "BadRequest", $"container {container} is not valid for pod {name}");
            return;
        }

        if (ContainerState(pod, container) is null or ["waiting"])
        {
            await StatusAsync(context, 400, "BadRequest", $"container \"{container}\" in pod \"{name}\" is waiting to start: ContainerCreating");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        var follow = context.Request.Query["follow"] is ["true"];
        var timestamps = context.Request.Query["timestamps"] is ["true"];
        var written = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
        try
        {
            while (true)
            {
                // Read the container's state before its lines: a line written just before it terminated is still sent.
                var current = Store.Get("pods", ns, name);
                var ended = current is null || ContainerState(current, container) is ["terminated"];
                foreach (var (at, line) in Kubelet.LogLines(ns, name, container, written))
                {
                    var stamp = timestamps ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z' ", CultureInfo.InvariantCulture) : "";
                    await context.Response.WriteAsync(stamp + line + "\n", stop.Token);
                    written++;
                }

                await context.Response.Body.FlushAsync(stop.Token);
                if (!follow || ended)
                {
                    break;
                }

                await Task.Delay(20, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The state a container's status reports (<c>["running"]</c>, <c>["terminated"]</c>...), or null before it has one.</summary>
    private static string[]? ContainerState(JsonObject pod, string container) =>
        pod["status"]?["containerStatuses"]?.AsArray().FirstOrDefault(s => s?["name"]?.GetValue<string>() == container)?["state"] is JsonObject state
            ? state.Select(entry => entry.Key).ToArray()
            : null;

    private Task ListAsync(HttpContext context, string kind, string? ns)
    {
        var filter = Selectors.Parse(context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"]);
        var version = Store.Version;
        var items = new JsonArray(Store.List(kind, ns, filter).Select(i => (JsonNode)i).ToArray());
        return WriteAsync(context, 200, new JsonObject
        {
            ["kind"] = KindName(kind) + "List",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private async Task WatchAsync(HttpContext context, string kind, string? ns)
    {
        var filter = Selectors.Parse(context.Request.Query["labelSelector"], context.Request.Query["fieldSelector"]);
        long? from = long.TryParse(context.Request.Query["resourceVersion"], CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
        var timeout = int.TryParse(context.Request.Query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) ? seconds : 1800;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var subscription = Store.Watch(kind, ns, from);
        if (subscription is null)
        {
            await WriteLineAsync(context, new JsonObject
            {
                ["type"] = "ERROR",
                ["object"] = StatusBody(410, "Expired", $"too old resource version: {from} ({Store.Version})"),
            });
            return;
        }

        var dropped = _watchDrop.Token;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token, _outage.Token, dropped);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            await context.Response.Body.FlushAsync(deadline.Token);
            await foreach (var change in subscription.Events.ReadAllAsync(deadline.Token))
            {
                if (filter(change.Item))
                {
                    await WriteLineAsync(context, new JsonObject { ["type"] = change.Type, ["object"] = change.Item.DeepClone() });
                }
            }
        }
        catch (OperationCanceledException)
        {
            if (Down || dropped.IsCancellationRequested)
            {
                context.Abort();
            }
        }
        finally
        {
            Store.StopWatching(subscription);
        }
    }

    private async Task CreateAsync(HttpContext context, string kind, string ns)
    {
        var item = await ReadBodyAsync(context);
        if (item?["metadata"]?["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            await StatusAsync(context, 422, "Invalid", $"{KindName(kind)} is invalid: metadata.name: Required value");
            return;
        }

        var ownNamespace = ns.Length > 0 && kind != "namespaces" ? Store.Get("namespaces", "", ns) : null;
        if (ns.Length > 0 && kind != "namespaces" && ownNamespace is null)
        {
            await StatusAsync(context, 404, "NotFound", $"namespaces \"{ns}\" not found");
            return;
        }

        if (ownNamespace?["metadata"]?["deletionTimestamp"] is not null)
        {
            await ForbiddenAsync(context, $"{kind} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
            return;
        }

        if (kind == "pods" && Store.Get("serviceaccounts", ns, "default") is null)
        {
            await ForbiddenAsync(context,
                $"pods \"{name}\" is forbidden: error looking up service account {ns}/default: serviceaccount \"default\" not found");
            return;
        }

        if (kind == "namespaces" && Store.Get("namespaces", "", name)?["metadata"]?["deletionTimestamp"] is not null)
        {
            await StatusAsync(context, 409, "AlreadyExists", $"object is being deleted: namespaces \"{name}\" already exists");
            return;
        }

        item["kind"] ??= KindName(kind);
        item["apiVersion"] ??= "v1";
        if (kind == "pods")
        {
            item["status"] = new JsonObject { ["phase"] = "Pending" };
        }

        if (!Store.TryCreate(kind, ClusterScoped.Contains(kind) ? "" : ns, item, DateTimeOffset.UtcNow))
        {
            await StatusAsync(context, 409, "AlreadyExists", $"{kind} \"{name}\" already exists");
            return;
        }

        if (kind == "pods")
        {
            Kubelet.PodCreated(ns, name);
        }

        if (kind == "namespaces")
        {
            _ = GiveServiceAccountAsync(name);
        }

        await WriteAsync(context, 201, Store.Get(kind, ClusterScoped.Contains(kind) ? "" : ns, name)!);
    }

    private Task GetAsync(HttpContext context, string kind, string ns, string name) =>
        Store.Get(kind, ns, name) is { } found
            ? WriteAsync(context, 200, found)
            : StatusAsync(context, 404, "NotFound", $"{kind} \"{name}\" not found");

    private async Task ReplaceAsync(HttpContext context, string kind, string ns, string name, string? subresource)
    {
        var item = await ReadBodyAsync(context);
        if (item is null)
        {
            await StatusAsync(context, 400, "BadRequest", "the body is not a JSON object");
            return;
        }

        if (subresource == "status")
        {
            var updated = Store.Update(kind, ns, name, current => current["status"] = item["status"]?.DeepClone());
            await (updated is null ? StatusAsync(context, 404, "NotFound", $"{kind} \"{name}\" not found") : WriteAsync(context, 200, updated));
            return;
        }

        var (stored, conflict) = Store.Replace(kind, ns, name, item, item["metadata"]?["resourceVersion"]?.GetValue<string>());
        await (conflict
            ? StatusAsync(context, 409, "Conflict",
                $"Operation cannot be fulfilled on {kind} \"{name}\": the object has been modified; please apply your changes to the latest version and try again")
            : stored is null ? StatusAsync(context, 404, "NotFound", $"{kind} \"{name}\" not found")
            : WriteAsync(context, 200, stored));
    }

    private async Task PatchAsync(HttpContext context, string kind, string ns, string name)
    {
        var patch = await ReadBodyAsync(context);
        if (patch is not null && context.Request.ContentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) == true)
        {
            // Server-side apply: the object as given, created when it does not exist yet.
            if (Store.Get(kind, ns, name) is null)
            {
                Store.TryCreate(kind, ns, patch, DateTimeOffset.UtcNow);
            }
            else
            {
                Store.Replace(kind, ns, name, patch, expectedVersion: null);
            }

            await WriteAsync(context, 200, Store.Get(kind, ns, name)!);
            return;
        }

        var updated = patch is null ? null : Store.Update(kind, ns, name, current => Merge(current, patch));
        await (updated is null ? StatusAsync(context, 404, "NotFound", $"{kind} \"{name}\" not found") : WriteAsync(context, 200, updated));
    }

    private async Task DeleteAsync(HttpContext context, string kind, string ns, string name)
    {
        await TakeDeleteTokenAsync(context.RequestAborted);
        var existing = Store.Get(kind, ns, name);
        if (existing is null)
        {
            await StatusAsync(context, 404, "NotFound", $"{kind} \"{name}\" not found");
            return;
        }

        if (kind == "namespaces")
        {
            existing = Store.Update("namespaces", "", name, item =>
            {
                item["metadata"]!["deletionTimestamp"] ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                item["status"] = new JsonObject { ["phase"] = "Terminating" };
            }) ?? existing;
            _ = TerminateNamespaceAsync(name);
        }
        else if (kind == "pods")
        {
            var grace = long.TryParse(context.Request.Query["gracePeriodSeconds"], CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : existing["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
            Kubelet.DeletePod(ns, name, grace);
        }
        else
        {
            Store.Remove(kind, ns, name);
        }

        await WriteAsync(context, 200, existing);
    }

    /// <summary>The service-account controller: a namespace gets its <c>default</c> ServiceAccount a moment after it is made.</summary>
    private async Task GiveServiceAccountAsync(string ns)
    {
        await Task.Delay(ServiceAccountDelay, _closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (Store.Get("namespaces", "", ns) is { } live && live["metadata"]?["deletionTimestamp"] is null)
        {
            Store.TryCreate("serviceaccounts", ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The namespace controller: deletes what the namespace holds (pods gracefully), then the namespace itself.</summary>
    private async Task TerminateNamespaceAsync(string ns)
    {
        foreach (var contained in Kinds.Where(k => !ClusterScoped.Contains(k)))
        {
            foreach (var item in Store.List(contained, ns))
            {
                var itemName = item["metadata"]!["name"]!.GetValue<string>();
                if (contained == "pods")
                {
                    Kubelet.DeletePod(ns, itemName, item["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30);
                }
                else
                {
                    Store.Remove(contained, ns, itemName);
                }
            }
        }

        while (Store.List("pods", ns).Count > 0 && !_closing.IsCancellationRequested)
        {
            await Task.Delay(10, _closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.Delay(NamespaceTermination, _closing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Store.Remove("namespaces", "", ns);
    }

    /// <summary>Waits for a token of the deletion rate limit (a bucket of <see cref="DeletesPerSecond"/>, refilled as time passes).</summary>
    private async Task TakeDeleteTokenAsync(CancellationToken cancellation)
    {
        TimeSpan wait;
        lock (_deleteTokensLock)
        {
            var now = DateTimeOffset.UtcNow;
            _deleteTokens = Math.Min(DeletesPerSecond, _deleteTokens + (now - _deleteTokensAt).TotalSeconds * DeletesPerSecond) - 1;
            _deleteTokensAt = now;
            wait = _deleteTokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_deleteTokens / DeletesPerSecond);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellation);
        }
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string KindName(string kind) => kind switch
    {
        "pods" => "Pod",
        "namespaces" => "Namespace",
        "nodes" => "Node",
        "serviceaccounts" => "ServiceAccount",
        "services" => "Service",
        "secrets" => "Secret",
        "configmaps" => "ConfigMap",
        _ => "Event",
    };

    private static JsonObject StatusBody(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private Task ForbiddenAsync(HttpContext context, string message)
    {
        _refusals.Enqueue(message);
        return StatusAsync(context, 403, "Forbidden", message);
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        WriteAsync(context, code, StatusBody(code, reason, message));

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject line)
    {
        await context.Response.WriteAsync(line.ToJsonString() + "\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }
}
