using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Kubernetes.Pods;
using Kecs.Scheduler.Reporting;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// Runs each task as one pod. Creation and deletion happen here; what the pods do comes back through
/// an informer of the pods and <see cref="PodStatusMapper"/>. After a restart the informer's first
/// list re-adopts the pods Kecs owns, so no task ever gets a second pod. The Services made for ECS
/// services are watched too: one deleted behind Kecs's back is made again.
/// </summary>
public sealed class KubernetesRuntime : ITaskRuntime
{
    private static readonly TimeSpan CreatedMemory = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitForSync = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ServiceAccountWait = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly string? _kubeContext;
    private readonly KubeInformer<V1Pod> _pods;
    private readonly KubeInformer<V1Service> _services;
    private readonly KubeInformer<V1Node> _nodes;
    private readonly NodeReporter _nodeReporter;
    private readonly PodLogs _logs;
    private readonly TaskStartPreparation _preparation;
    private readonly TaskSecretsApplier _secrets;
    private readonly DesiredState _state;
    private readonly ReportQueue _reports;
    private readonly ReconcileQueue _queue;
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ActivitySource _activities;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _created = new();
    private readonly ConcurrentDictionary<string, byte> _deletedByKecs = new();
    private readonly ConcurrentDictionary<string, byte> _namespaces = new();
    private readonly ConcurrentDictionary<string, string> _lastReported = new();
    private readonly ConcurrentDictionary<string, string> _serviceNetworks = new();
    private CancellationToken _stopping;
    private volatile string? _lastCallError;
    private string _lastNodes = "";
    private string _lastDraining = "";

    public KubernetesRuntime(
        IKubernetes client, string? kubeContext, RuntimeDescription description, DesiredState state, ReportQueue reports, ReconcileQueue queue,
        EcsApiInternalClient ecsApi, TaskStartPreparation preparation, SchedulerOptions options, TimeProvider clock, ActivitySource activities,
        ILogger logger)
    {
        _client = client;
        _kubeContext = kubeContext;
        Description = description;
        _state = state;
        _reports = reports;
        _queue = queue;
        _options = options;
        _clock = clock;
        _activities = activities;
        _logger = logger;
        _pods = KubeInformers.Pods(client, clock, logger);
        _services = KubeInformers.Services(client, clock, logger);
        _nodes = KubeInformers.Nodes(client, clock, logger);
        _nodeReporter = new NodeReporter(_nodes, _pods, ecsApi, clock, logger);
        _logs = new PodLogs(client);
        _preparation = preparation;
        _secrets = new TaskSecretsApplier(client);
    }

    public RuntimeDescription Description { get; }

    /// <summary>The last error from the API server, or null while it answers.</summary>
    public string? LastApiError => _lastCallError ?? _pods.LastError ?? _services.LastError;

    public Task StartAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _ = _pods.RunAsync(PodChanged, stoppingToken);
        _ = _services.RunAsync(ServiceNetworkChanged, stoppingToken);
        _ = _nodes.RunAsync((_, _) => NodeChanged(), stoppingToken);
        _ = _nodeReporter.RunAsync(stoppingToken);
        return Task.CompletedTask;
    }

    public async Task<RuntimeProbe> ProbeAsync(CancellationToken cancellation)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        probe.CancelAfter(_options.ProbeTimeout);
        try
        {
            var version = await _client.Version.GetCodeAsync(probe.Token);
            return new RuntimeProbe(_kubeContext, _client.BaseUri.ToString(), version.GitVersion, null);
        }
        catch (Exception error) when (!cancellation.IsCancellationRequested)
        {
            var why = probe.IsCancellationRequested ? $"no answer within {_options.ProbeTimeout.TotalSeconds:0.#} s" : Describe(error);
            return new RuntimeProbe(_kubeContext, _client.BaseUri.ToString(), null, $"the Kubernetes API server {_client.BaseUri} did not answer: {why}");
        }
    }

    public Task<Stream> OpenLogAsync(DesiredTask task, string container, bool follow, CancellationToken cancellation) =>
        _logs.OpenAsync(task, container, follow, cancellation);

    public IAsyncEnumerable<LogLine> FollowLogAsync(DesiredTask task, string container, CancellationToken cancellation) =>
        _logs.FollowAsync(task, container, cancellation);

    /// <summary>Every node's container instance id, once the node informer has listed them.</summary>
    public IReadOnlyCollection<string>? InstanceIds =>
        _nodes.Synced ? _nodes.Items.Select(node => NodeObservation.InstanceId(node.Metadata.Uid)).ToList() : null;

    /// <summary>The instances of cordoned nodes: DRAINING, as ECS shows them.</summary>
    public IReadOnlySet<string> DrainingInstanceIds =>
        _nodes.Items.Where(node => node.Spec?.Unschedulable == true).Select(node => NodeObservation.InstanceId(node.Metadata.Uid)).ToHashSet();

    public async Task ReconcileNodeAsync(string instanceId, string? status, CancellationToken cancellation)
    {
        if (status is null || _nodes.Items.FirstOrDefault(n => NodeObservation.InstanceId(n.Metadata.Uid) == instanceId) is not { } node)
        {
            return;
        }

        var cordon = status == "DRAINING";
        if ((node.Spec?.Unschedulable == true) != cordon)
        {
            var patch = new V1Patch(new { spec = new { unschedulable = cordon } }, V1Patch.PatchType.MergePatch);
            await _client.CoreV1.PatchNodeAsync(patch, node.Metadata.Name, cancellationToken: cancellation);
            _logger.LogInformation("{Action} node {Node}: its container instance {InstanceId} is {Status}",
                cordon ? "Cordoned" : "Uncordoned", node.Metadata.Name, instanceId, status);
        }
    }

    /// <summary>The Kubernetes scheduler's message while it leaves the task's pod unschedulable.</summary>
    public string? PlacementProblem(string taskArn) =>
        _pods.Find(taskArn)?.Status?.Conditions?
            .FirstOrDefault(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" })?.Message;

    public async Task ReconcileTaskAsync(string taskArn, DesiredTask? desired, CancellationToken cancellation)
    {
        var pod = _pods.Find(taskArn);
        if (desired is null)
        {
            _lastReported.TryRemove(taskArn, out _);
        }

        if (desired is null || desired.HasStopped || !desired.WantsToRun)
        {
            await StopAsync(taskArn, desired, pod, cancellation);
        }
        else if (pod is not null)
        {
            if (pod.Metadata.DeletionTimestamp is null && PodStatusMapper.Map(pod, deleted: false, _clock.GetUtcNow()).StopPod)
            {
                await DeletePodAsync(taskArn, pod, pod.Spec.TerminationGracePeriodSeconds, cancellation);
            }
            else if (_preparation.Configured && TaskSecretsReader.NeedsCompanion(desired.Definition))
            {
                await _secrets.EnsureOwnedAsync(desired, pod, cancellation);
            }
        }
        else if (!WaitingForCreatedPod(taskArn))
        {
            await StartAsync(desired, cancellation);
        }
    }

    public async Task ReconcileServiceNetworkAsync(string serviceArn, Service? service, TaskDefinition? definition, CancellationToken cancellation)
    {
        var wanted = service is null || definition is null ? null : ServiceNetwork.For(serviceArn, service, definition);
        var fingerprint = wanted is null ? "" : KubernetesJson.Serialize(wanted);
        if (_serviceNetworks.TryGetValue(serviceArn, out var applied) && applied == fingerprint || wanted is null && service is not null && definition is null)
        {
            return;
        }

        if (wanted is not null)
        {
            var arn = EcsArn.Parse(serviceArn)!;
            await EnsureNamespaceAsync(wanted.Metadata.NamespaceProperty, arn.Segments[0], arn.Region, service!.ClusterArn!, cancellation);
            await _client.CoreV1.PatchNamespacedServiceAsync(new V1Patch(wanted, V1Patch.PatchType.ApplyPatch), wanted.Metadata.Name,
                wanted.Metadata.NamespaceProperty, fieldManager: "kecs", force: true, cancellationToken: cancellation);
        }
        else if (EcsArn.Parse(serviceArn) is { } arn)
        {
            try
            {
                await _client.CoreV1.DeleteNamespacedServiceAsync(KubeNames.Service(arn.Segments[^1]), KubeNames.Namespace(arn.Segments[0], arn.Region),
                    cancellationToken: cancellation);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        _serviceNetworks[serviceArn] = fingerprint;
    }

    public async Task ReconcileClusterAsync(string clusterArn, Cluster? cluster, CancellationToken cancellation)
    {
        if (cluster is { Status: not "INACTIVE" } || EcsArn.Parse(clusterArn) is not { } arn)
        {
            return;
        }

        var name = KubeNames.Namespace(arn.ResourcePath, arn.Region);
        _namespaces.TryRemove(name, out _);
        try
        {
            var existing = await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellation);
            if (existing.GetLabel(KubeLabels.ManagedBy) != KubeLabels.ManagedByKecs)
            {
                return;
            }

            if (existing.Metadata.DeletionTimestamp is null)
            {
                await _client.CoreV1.DeleteNamespaceAsync(name, cancellationToken: cancellation);
                _logger.LogInformation("Deleting namespace {Namespace} of cluster {ClusterArn}", name, clusterArn);
            }

            // Deleting a namespace takes a while (Terminating while its contents go); the cluster has converged once it is gone.
            throw new ConvergencePendingException($"namespace {name} of cluster {clusterArn} is still being deleted");
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task StopAsync(string taskArn, DesiredTask? desired, V1Pod? pod, CancellationToken cancellation)
    {
        if (pod is not null)
        {
            if (pod.Metadata.DeletionTimestamp is null)
            {
                await DeletePodAsync(taskArn, pod, desired is null or { HasStopped: true } ? 0 : pod.Spec.TerminationGracePeriodSeconds, cancellation);
            }
        }
        else if (desired is { HasStopped: false } && !WaitingForCreatedPod(taskArn))
        {
            if (!_pods.Synced)
            {
                _queue.EnqueueAfter(WorkItem.ForTask(taskArn), WaitForSync, _stopping);
                return;
            }

            var now = _clock.GetUtcNow();
            Report(NeverStarted(desired, now, stopCode: null, reason: null));
        }
    }

    private async Task StartAsync(DesiredTask desired, CancellationToken cancellation)
    {
        if (!_pods.Synced)
        {
            if (StartTimedOut(desired))
            {
                FailToStart(desired,
                    $"the Kubernetes API server {_client.BaseUri} did not answer ({_pods.LastError ?? "no answer yet"}); runtime: {Description.Detail}");
            }
            else
            {
                _queue.EnqueueAfter(WorkItem.ForTask(desired.Arn), WaitForSync, _stopping);
            }

            return;
        }

        if (desired.Task.Attributes?.Any(a => a is { Name: RuntimeDescription.AttributeName, Value: RuntimeDescription.Kubernetes }) is true)
        {
            Report(NeverStarted(desired, _clock.GetUtcNow(), StopCodes.EssentialContainerExited,
                $"Task stopped because its pod {KubeNames.Namespace(desired.ClusterName, desired.Region)}/{KubeNames.Pod(desired.Id)} no longer exists (deleted outside Kecs)"));
            return;
        }

        // A task placed on a container instance (StartTask, a daemon) runs on that instance's node; a daemon's task whose
        // node is gone waits for the daemon scheduler to stop it.
        var node = desired.InstanceId is { } instanceId
            ? _nodes.Items.FirstOrDefault(n => NodeObservation.InstanceId(n.Metadata.Uid) == instanceId)?.Metadata.Name
            : null;
        if (node is null && desired.DaemonArn is not null)
        {
            return;
        }

        using var activity = _activities.StartFor("CreatePod", desired);
        TaskSecrets? secrets;
        try
        {
            secrets = await _preparation.PrepareAsync(desired, cancellation);
        }
        catch (TaskStartFailure failure)
        {
            Report(NeverStarted(desired, _clock.GetUtcNow(), StopCodes.TaskFailedToStart, failure.Reason));
            return;
        }
        catch (Exception error) when (!cancellation.IsCancellationRequested && StartTimedOut(desired))
        {
            Report(NeverStarted(desired, _clock.GetUtcNow(), StopCodes.TaskFailedToStart, _preparation.Unreachable(error)));
            return;
        }

        var pod = TaskPodBuilder.Build(desired, node, secrets);
        try
        {
            await EnsureNamespaceAsync(pod.Metadata.NamespaceProperty, desired.ClusterName, desired.Region, desired.Task.ClusterArn!, cancellation);
            if (secrets is not null)
            {
                await _secrets.ApplyAsync(desired, secrets, cancellation);
            }
            else if (await MissingSecretAsync(desired, pod.Metadata.NamespaceProperty, cancellation) is { } missing)
            {
                Report(NeverStarted(desired, _clock.GetUtcNow(), StopCodes.TaskFailedToStart,
                    $"ResourceInitializationError: unable to pull secrets: {missing}"));
                return;
            }

            V1Pod created;
            try
            {
                _created[desired.Arn] = _clock.GetUtcNow();
                created = await _client.CoreV1.CreateNamespacedPodAsync(pod, pod.Metadata.NamespaceProperty, cancellationToken: cancellation);
                _lastCallError = null;
                _reports.Add(new TaskObservation { TaskArn = desired.Arn, Attributes = Description.Attributes() });
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // AlreadyExists: an earlier attempt created the pod and the informer will show it. A conflict
                // without the pod behind it is an error like any other: reading it throws NotFound, retried below.
                created = await _client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellation);
            }

            if (secrets is not null)
            {
                await _secrets.EnsureOwnedAsync(desired, created, cancellation);
            }
        }
        catch (Exception error) when (error is HttpOperationException or HttpRequestException && !cancellation.IsCancellationRequested)
        {
            _created.TryRemove(desired.Arn, out _);
            if (error is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound })
            {
                // The namespace went away behind Kecs's back: create it again on the next attempt.
                _namespaces.TryRemove(pod.Metadata.NamespaceProperty, out _);
            }

            _lastCallError = Describe(error);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            if (!StartTimedOut(desired))
            {
                throw;
            }

            FailToStart(desired, $"the Kubernetes API server {_client.BaseUri} refused its pod: {Describe(error)}");
        }
    }

    /// <summary>
    /// A node came, went or changed: the node report is due, a node's requested status is applied again (a node that
    /// joins, or one cordoned or uncordoned behind Kecs's back), daemons look again when nodes came or went, and services
    /// when nodes came, went, started or stopped draining (their tasks may move, or fit at last).
    /// </summary>
    private void NodeChanged()
    {
        _nodeReporter.Changed();
        foreach (var instanceId in _state.NodesWithStatus)
        {
            _queue.Enqueue(WorkItem.ForNode(instanceId));
        }

        var nodes = string.Join(',', _nodes.Items.Select(node => node.Metadata.Uid).Order(StringComparer.Ordinal));
        var nodesChanged = Interlocked.Exchange(ref _lastNodes, nodes) != nodes;
        if (nodesChanged)
        {
            foreach (var daemonArn in _state.DaemonArns)
            {
                _queue.Enqueue(WorkItem.ForDaemon(daemonArn));
            }
        }

        var draining = string.Join(',', DrainingInstanceIds.Order(StringComparer.Ordinal));
        if (Interlocked.Exchange(ref _lastDraining, draining) != draining || nodesChanged)
        {
            foreach (var serviceArn in _state.ServiceArns)
            {
                _queue.Enqueue(WorkItem.ForService(serviceArn));
            }
        }
    }

    private void PodChanged(V1Pod pod, bool deleted)
    {
        _nodeReporter.Changed();
        if (_pods.KeyOf(pod) is not { } taskArn)
        {
            return;
        }

        if (!deleted)
        {
            _created.TryRemove(taskArn, out _);
        }

        var verdict = PodStatusMapper.Map(pod, deleted, _clock.GetUtcNow());
        verdict.Observation.ContainerInstanceId = _nodes.Items.FirstOrDefault(node => node.Metadata.Name == pod.Spec?.NodeName)?.Metadata.Uid is { } uid
            ? NodeObservation.InstanceId(uid)
            : null;
        var deletedByKecs = _deletedByKecs.ContainsKey(taskArn);
        if (deleted && !deletedByKecs && verdict.Observation.StopCode is null)
        {
            verdict.Observation.StopCode = verdict.Observation.StartedAt is null ? StopCodes.TaskFailedToStart : StopCodes.EssentialContainerExited;
            verdict.Observation.StoppedReason = $"Task stopped because its pod {pod.Namespace()}/{pod.Name()} was deleted outside Kecs";
        }

        if (deleted)
        {
            _deletedByKecs.TryRemove(taskArn, out _);
            _secrets.Forget(pod);
        }

        Report(verdict.Observation);
        _queue.Enqueue(WorkItem.ForTask(taskArn));
    }

    /// <summary>A Service Kecs made and that still should be there, deleted by someone else, is made again.</summary>
    private void ServiceNetworkChanged(V1Service service, bool deleted)
    {
        if (deleted && _services.KeyOf(service) is { } serviceArn &&
            _serviceNetworks.TryGetValue(serviceArn, out var applied) && applied.Length > 0 && _serviceNetworks.TryRemove(KeyValuePair.Create(serviceArn, applied)))
        {
            _logger.LogInformation("Service {Namespace}/{Name} of {ServiceArn} was deleted outside Kecs; making it again",
                service.Namespace(), service.Name(), serviceArn);
            _queue.Enqueue(WorkItem.ForService(serviceArn));
        }
    }

    private async Task DeletePodAsync(string taskArn, V1Pod pod, long? gracePeriodSeconds, CancellationToken cancellation)
    {
        _deletedByKecs[taskArn] = 0;
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(
                pod.Name(), pod.Namespace(), new V1DeleteOptions { GracePeriodSeconds = gracePeriodSeconds },
                gracePeriodSeconds: (int?)gracePeriodSeconds, cancellationToken: cancellation);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task EnsureNamespaceAsync(string name, string clusterName, string region, string clusterArn, CancellationToken cancellation)
    {
        if (_namespaces.ContainsKey(name))
        {
            return;
        }

        var ns = new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    [KubeLabels.ManagedBy] = KubeLabels.ManagedByKecs,
                    [KubeLabels.Cluster] = KubeNames.LabelValue(clusterName),
                    [KubeLabels.Region] = region,
                },
                Annotations = new Dictionary<string, string> { [KubeLabels.ClusterArnAnnotation] = clusterArn },
            },
        };
        try
        {
            await _client.CoreV1.CreateNamespaceAsync(ns, cancellationToken: cancellation);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await _client.CoreV1.ReadNamespaceAsync(name, cancellationToken: cancellation);
            if (existing.Metadata.DeletionTimestamp is not null)
            {
                // A namespace being deleted takes no new pods; the task is tried again until it is gone and can be made anew.
                throw new ConvergencePendingException($"namespace {name} is still being deleted (Terminating); its pods wait until it is gone");
            }
        }

        await WaitForServiceAccountAsync(name, cancellation);
        _namespaces[name] = 0;
    }

    /// <summary>
    /// Waits (a few seconds at most) for the namespace's <c>default</c> ServiceAccount, which the service-account controller
    /// adds a moment after the namespace: the API server refuses pods until it exists.
    /// </summary>
    private async Task WaitForServiceAccountAsync(string ns, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(100));
        var deadline = _clock.GetUtcNow() + ServiceAccountWait;
        while (true)
        {
            try
            {
                await _client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns, cancellationToken: cancellation);
                return;
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound && _clock.GetUtcNow() < deadline)
            {
                await Task.Delay(backoff.Failed(), _clock, cancellation);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Forbidden)
            {
                // Not allowed to read service accounts: the pod's creation will say whether the account is there.
                return;
            }
        }
    }

    /// <summary>Describes the first secret of the task that no Kubernetes Secret provides, or null when all resolve.</summary>
    private async Task<string?> MissingSecretAsync(DesiredTask desired, string ns, CancellationToken cancellation)
    {
        foreach (var secret in desired.Definition.ContainerDefinitions!.SelectMany(c => c.Secrets ?? []))
        {
            var reference = SecretReference.For(secret.ValueFrom!);
            try
            {
                var found = await _client.CoreV1.ReadNamespacedSecretAsync(reference.SecretName, ns, cancellationToken: cancellation);
                if (found.Data?.ContainsKey(reference.Key) is not true && found.StringData?.ContainsKey(reference.Key) is not true)
                {
                    return $"secret {secret.Name} ({secret.ValueFrom}): the Kubernetes Secret {ns}/{reference.SecretName} has no key {reference.Key}";
                }
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return $"secret {secret.Name} ({secret.ValueFrom}): no Kubernetes Secret {ns}/{reference.SecretName} with key {reference.Key}";
            }
        }

        return null;
    }

    private bool WaitingForCreatedPod(string taskArn) =>
        _created.TryGetValue(taskArn, out var at) && _clock.GetUtcNow() - at < CreatedMemory;

    private bool StartTimedOut(DesiredTask desired) =>
        _clock.GetUtcNow() - (desired.Task.CreatedAt ?? _clock.GetUtcNow()) >= _options.TaskStartTimeout;

    private void FailToStart(DesiredTask desired, string reason)
    {
        _logger.LogWarning("Task {TaskArn} failed to start: {Reason}", desired.Arn, reason);
        Report(NeverStarted(desired, _clock.GetUtcNow(), StopCodes.TaskFailedToStart, "CannotStartContainerError: " + reason));
    }

    private static TaskObservation NeverStarted(DesiredTask desired, DateTimeOffset now, string? stopCode, string? reason) =>
        StoppedObservation.Of(desired, now, stopCode, reason, c => new ContainerObservation { Name = c.Name!, LastStatus = TaskLifecycle.Stopped });

    /// <summary>Queues an observation unless it says exactly what was last reported for the task.</summary>
    private void Report(TaskObservation observation)
    {
        var fingerprint = System.Text.Json.JsonSerializer.Serialize(observation, InternalJsonContext.Default.TaskObservation);
        if (_lastReported.TryGetValue(observation.TaskArn, out var last) && last == fingerprint)
        {
            return;
        }

        _lastReported[observation.TaskArn] = fingerprint;
        _reports.Add(observation);
    }

    /// <summary>An API server's refusal as its status and Status body, or any other error's message.</summary>
    internal static string Describe(Exception error) =>
        error is HttpOperationException http ? $"{(int)http.Response.StatusCode} {http.Response.ReasonPhrase}: {http.Response.Content}" : error.Message;
}
