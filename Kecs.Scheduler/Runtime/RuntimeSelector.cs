using System.Diagnostics;
using k8s;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Kubernetes;
using Kecs.Scheduler.Reporting;
using Kecs.Scheduler.Simulated;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Runtime;

/// <summary>
/// Picks the runtime at start-up: the one asked for, or with <c>auto</c> Kubernetes when its API
/// server answers and the simulated runtime otherwise, with the reason.
/// </summary>
public sealed class RuntimeSelector(
    IOptions<SchedulerOptions> options, DesiredState state, ReportQueue reports, ReconcileQueue queue, EcsApiInternalClient ecsApi,
    TaskStartPreparation preparation, TimeProvider clock, ActivitySource activities, ILoggerFactory loggers)
{
    public async Task<ITaskRuntime> SelectAsync(CancellationToken cancellation)
    {
        var settings = options.Value;
        if (settings.Runtime == RuntimeDescription.Simulated)
        {
            return Simulated("asked for with Scheduler:Runtime=simulated");
        }

        IKubernetes client;
        string? context;
        try
        {
            var configuration = KubeTarget.Load(settings);
            client = new k8s.Kubernetes(configuration);
            context = configuration.CurrentContext;
        }
        catch (Exception error) when (error is InvalidOperationException or k8s.Exceptions.KubeConfigException or IOException)
        {
            return settings.Runtime == RuntimeDescription.Kubernetes
                ? Kubernetes(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }), settings.KubeContext,
                    $"Kubernetes asked for, but it cannot be configured: {error.Message}")
                : Simulated($"no Kubernetes cluster: {error.Message}");
        }

        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            probe.CancelAfter(settings.ProbeTimeout);
            var version = await client.Version.GetCodeAsync(probe.Token);
            return Kubernetes(client, context, $"API server {client.BaseUri} (Kubernetes {version.GitVersion}), context {context ?? "(in-cluster)"}");
        }
        catch (Exception error) when (!cancellation.IsCancellationRequested)
        {
            var why = $"the Kubernetes API server {client.BaseUri} did not answer: {error.Message}";
            return settings.Runtime == RuntimeDescription.Kubernetes ? Kubernetes(client, context, why) : Simulated(why);
        }
    }

    private SimulatedRuntime Simulated(string reason) =>
        new(reports, preparation, options, clock, activities, loggers.CreateLogger<SimulatedRuntime>(), reason);

    private KubernetesRuntime Kubernetes(IKubernetes client, string? context, string detail) =>
        new(client, context, new RuntimeDescription(RuntimeDescription.Kubernetes, detail), state, reports, queue, ecsApi, preparation, options.Value, clock,
            activities, loggers.CreateLogger<KubernetesRuntime>());
}
