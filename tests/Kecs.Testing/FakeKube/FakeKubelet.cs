using System.Globalization;
using System.Text.Json.Nodes;

namespace Kecs.Testing.FakeKube;

/// <summary>
/// The node of the fake cluster. With <see cref="Immediate"/> it schedules and starts each new pod
/// at once (init containers complete, the others run and are ready) and finishes a graceful
/// deletion at once; otherwise the test drives each step. Every step is a status update, seen by
/// watches as the kubelet's updates are.
/// </summary>
public sealed class FakeKubelet(KubeObjectStore store, TimeProvider clock)
{
    private readonly Dictionary<(string Namespace, string Pod, string Container), List<(DateTimeOffset At, string Text)>> _logs = [];
    private int _nextAddress;

    public bool Immediate { get; set; } = true;

    /// <summary>Images whose pull fails with ErrImagePull.</summary>
    public HashSet<string> MissingImages { get; } = [];

    /// <summary>Images whose container exits with the given code right after it starts.</summary>
    public Dictionary<string, int> CrashingImages { get; } = [];

    internal void PodCreated(string ns, string name)
    {
        if (!Immediate)
        {
            return;
        }

        if (!Schedule(ns, name))
        {
            return;
        }

        var pod = store.Get("pods", ns, name)!;
        var missing = Containers(pod).FirstOrDefault(c => MissingImages.Contains(c["image"]!.GetValue<string>()));
        if (missing is not null)
        {
            FailPull(ns, name, missing["name"]!.GetValue<string>());
        }
        else
        {
            StartAll(ns, name);
            foreach (var crashing in Containers(pod).Where(c => CrashingImages.ContainsKey(c["image"]!.GetValue<string>())))
            {
                Exit(ns, name, crashing["name"]!.GetValue<string>(), CrashingImages[crashing["image"]!.GetValue<string>()]);
            }
        }
    }

    /// <summary>
    /// Deletes a pod as the API server does: one not bound to a node, or with no grace period, at once; one on a node in
    /// two steps, a <c>deletionTimestamp</c> first and the removal once the kubelet has stopped its containers.
    /// </summary>
    internal void DeletePod(string ns, string name, long gracePeriodSeconds)
    {
        var pod = store.Get("pods", ns, name);
        if (gracePeriodSeconds <= 0 || pod?["spec"]?["nodeName"] is null)
        {
            store.Remove("pods", ns, name);
            return;
        }

        store.Update("pods", ns, name, p =>
        {
            p["metadata"]!["deletionTimestamp"] ??= Now();
            p["metadata"]!["deletionGracePeriodSeconds"] = gracePeriodSeconds;
        });
        if (Immediate)
        {
            FinishTermination(ns, name);
        }
    }

    /// <summary>
    /// Binds the pod to a node (the one its spec names, else the first schedulable one by name): PodScheduled, then
    /// containers creating (the pod's address comes when it runs). A pod whose spec names a node the server does not have
    /// stays Pending, as no kubelet runs it; returns false then.
    /// </summary>
    public bool Schedule(string ns, string name)
    {
        var nodes = store.List("nodes", "");
        var named = store.Get("pods", ns, name)?["spec"]?["nodeName"]?.GetValue<string>();
        if (named is not null && nodes.Count > 0 && !nodes.Any(node => node["metadata"]!["name"]!.GetValue<string>() == named))
        {
            return false;
        }

        var node = named ?? nodes.Where(node => node["spec"]?["unschedulable"]?.GetValue<bool>() != true)
            .Select(node => node["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).FirstOrDefault() ?? "fake-node";
        Bind(ns, name, node);
        return true;
    }

    /// <summary>Two updates, as watches see them: the scheduler binds the pod, then the node's kubelet reports it creating its containers.</summary>
    private void Bind(string ns, string name, string node)
    {
        store.Update("pods", ns, name, pod =>
        {
            pod["spec"]!["nodeName"] = node;
            pod["status"]!["conditions"] = new JsonArray(Condition("PodScheduled", true));
        });
        store.Update("pods", ns, name, pod =>
        {
            var status = pod["status"]!.AsObject();
            status["hostIP"] = "172.18.0.2";
            status["conditions"] = new JsonArray(Condition("PodScheduled", true), Condition("Initialized", true));
            status["initContainerStatuses"] = StatusesFor(pod["spec"]!["initContainers"], Waiting("PodInitializing"));
            status["containerStatuses"] = StatusesFor(pod["spec"]!["containers"], Waiting("ContainerCreating"));
        });
    }

    /// <summary>Appends a line to what a container wrote, as its log shows it, written now.</summary>
    public void Log(string ns, string pod, string container, string line)
    {
        lock (_logs)
        {
            _logs.TryAdd((ns, pod, container), []);
            _logs[(ns, pod, container)].Add((clock.GetUtcNow(), line));
        }
    }

    /// <summary>The lines a container wrote from the given one on, with the time each was written.</summary>
    public List<(DateTimeOffset At, string Text)> LogLines(string ns, string pod, string container, int from)
    {
        lock (_logs)
        {
            return _logs.TryGetValue((ns, pod, container), out var lines) ? lines.Skip(from).ToList() : [];
        }
    }

    /// <summary>Leaves the pod unscheduled, as the Kubernetes scheduler does when no node fits it.</summary>
    public void Unschedulable(string ns, string name, string message) => store.Update("pods", ns, name, pod =>
    {
        var condition = Condition("PodScheduled", false);
        condition["reason"] = "Unschedulable";
        condition["message"] = message;
        pod["status"]!["conditions"] = new JsonArray(condition);
    });

    /// <summary>Completes the init containers, starts the sidecars and the other containers, all ready.</summary>
    public void StartAll(string ns, string name) => store.Update("pods", ns, name, pod =>
    {
        var status = pod["status"]!.AsObject();
        foreach (var init in status["initContainerStatuses"]?.AsArray() ?? [])
        {
            var sidecar = Spec(pod, init!["name"]!.GetValue<string>())?["restartPolicy"]?.GetValue<string>() == "Always";
            Set(init.AsObject(), sidecar ? Running() : Terminated(0, "Completed"), ready: sidecar);
        }

        foreach (var container in status["containerStatuses"]!.AsArray())
        {
            Set(container!.AsObject(), Running(), ready: true);
            var containerName = container["name"]!.GetValue<string>();
            Log(ns, name, containerName, $"{containerName} started from {Spec(pod, containerName)?["image"]?.GetValue<string>()}");
        }

        // The pod's address appears only now, with the update that says it runs.
        status["podIP"] ??= $"10.42.0.{Interlocked.Increment(ref _nextAddress) % 250 + 2}";
        status["phase"] = "Running";
        status["conditions"] = new JsonArray(Condition("PodScheduled", true), Condition("Initialized", true), Condition("Ready", true));
    });

    public void FailPull(string ns, string name, string container) => store.Update("pods", ns, name, pod =>
    {
        var image = Spec(pod, container)!["image"]!.GetValue<string>();
        Set(Status(pod, container), Waiting("ErrImagePull", $"failed to pull and unpack image \"{image}\": not found"), ready: false);
    });

    /// <summary>A container exits; when none is left running the pod is Succeeded (all exit 0) or Failed.</summary>
    public void Exit(string ns, string name, string container, int exitCode, string? reason = null) => store.Update("pods", ns, name, pod =>
    {
        Set(Status(pod, container), Terminated(exitCode, reason ?? (exitCode == 0 ? "Completed" : "Error")), ready: false);
        SettlePhase(pod);
    });

    public void Evict(string ns, string name) => store.Update("pods", ns, name, pod =>
    {
        foreach (var status in Statuses(pod).Where(s => s["state"]?["terminated"] is null))
        {
            Set(status, Terminated(137, "Error"), ready: false);
        }

        pod["status"]!["phase"] = "Failed";
        pod["status"]!["reason"] = "Evicted";
        pod["status"]!["message"] = "The node was low on resource: memory.";
    });

    /// <summary>The containers of a pod being deleted stop (exit 0 after SIGTERM) and the pod goes away.</summary>
    public void FinishTermination(string ns, string name)
    {
        store.Update("pods", ns, name, pod =>
        {
            foreach (var status in Statuses(pod).Where(s => s["state"]?["terminated"] is null))
            {
                Set(status, Terminated(0, "Completed"), ready: false);
            }

            SettlePhase(pod);
        });
        store.Remove("pods", ns, name);
    }

    private static void SettlePhase(JsonObject pod)
    {
        var statuses = (pod["status"]?["containerStatuses"]?.AsArray() ?? []).Select(s => s!.AsObject()).ToList();
        if (statuses.Count > 0 && statuses.All(s => s["state"]?["terminated"] is not null))
        {
            pod["status"]!["phase"] = statuses.All(s => s["state"]!["terminated"]!["exitCode"]!.GetValue<int>() == 0) ? "Succeeded" : "Failed";
        }
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod) =>
        (pod["spec"]!["initContainers"]?.AsArray() ?? []).Concat(pod["spec"]!["containers"]!.AsArray()).Select(c => c!.AsObject());

    private static IEnumerable<JsonObject> Statuses(JsonObject pod) =>
        (pod["status"]?["initContainerStatuses"]?.AsArray() ?? []).Concat(pod["status"]?["containerStatuses"]?.AsArray() ?? [])
        .Select(s => s!.AsObject());

    private static JsonObject? Spec(JsonObject pod, string container) =>
        Containers(pod).FirstOrDefault(c => c["name"]!.GetValue<string>() == container);

    private static JsonObject Status(JsonObject pod, string container) =>
        Statuses(pod).FirstOrDefault(s => s["name"]!.GetValue<string>() == container)
        ?? throw new InvalidOperationException($"pod {pod["metadata"]!["name"]} has no container {container} (is it scheduled?)");

    private static JsonArray StatusesFor(JsonNode? containers, JsonObject state) =>
        new((containers?.AsArray() ?? []).Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c!["name"]!.GetValue<string>(),
            ["image"] = c["image"]!.GetValue<string>(),
            ["imageID"] = "",
            ["ready"] = false,
            ["restartCount"] = 0,
            ["state"] = state.DeepClone(),
        }).ToArray());

    private static void Set(JsonObject status, JsonObject state, bool ready)
    {
        if (state["running"] is not null || state["terminated"] is not null)
        {
            status["containerID"] ??= "containerd://" + Guid.NewGuid().ToString("N");
            status["imageID"] = $"docker.io/library/{status["image"]}@sha256:{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}{new string('0', 32)}";
            status["started"] = state["running"] is not null;
        }

        if (state["terminated"] is JsonObject terminated && status["state"]?["running"]?["startedAt"] is { } startedAt)
        {
            terminated["startedAt"] = startedAt.DeepClone();
        }

        status["state"] = state;
        status["ready"] = ready;
    }

    private JsonObject Running() => new() { ["running"] = new JsonObject { ["startedAt"] = Now() } };

    private JsonObject Terminated(int exitCode, string reason) => new()
    {
        ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["reason"] = reason, ["startedAt"] = Now(), ["finishedAt"] = Now() },
    };

    private static JsonObject Waiting(string reason, string? message = null) => new()
    {
        ["waiting"] = message is null ? new JsonObject { ["reason"] = reason } : new JsonObject { ["reason"] = reason, ["message"] = message },
    };

    private JsonObject Condition(string type, bool status) =>
        new() { ["type"] = type, ["status"] = status ? "True" : "False", ["lastTransitionTime"] = Now() };

    private string Now() => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
