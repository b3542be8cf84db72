using Kecs.Scheduler.Kubernetes;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kecs.Scheduler.Runtime;

/// <summary>
/// Healthy once a runtime is chosen and the change feed has been read; Degraded (still answering 200,
/// so tasks can fail with a reason) while the Kubernetes API server does not answer.
/// </summary>
public sealed class RuntimeHealthCheck(ActiveRuntime active, DesiredState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        if (active.Current is not { } runtime)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("choosing a runtime"));
        }

        data["runtime"] = runtime.Description.Name;
        data["detail"] = runtime.Description.Detail;
        data["feedSequence"] = state.Sequence;
        if (!state.CaughtUp)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("reading EcsApi's change feed", data: data));
        }

        if (runtime is KubernetesRuntime { LastApiError: { } error })
        {
            data["kubernetesError"] = error;
            return Task.FromResult(HealthCheckResult.Degraded($"{runtime.Description.Name}: the API server fails: {error}", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"{runtime.Description.Name}: {runtime.Description.Detail}", data));
    }
}
