using k8s.Models;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// An ECS container health check as a Kubernetes probe, with ECS's defaults (interval 30 s, timeout
/// 5 s, 3 retries, no start period). <c>CMD-SHELL</c> runs through <c>/bin/sh -c</c>; <c>CMD</c> runs as given.
/// </summary>
public static class HealthCheckProbe
{
    public const int DefaultInterval = 30;
    public const int DefaultTimeout = 5;
    public const int DefaultRetries = 3;

    public static V1Probe? For(HealthCheck? check)
    {
        var command = check?.Command switch
        {
            ["CMD-SHELL", .. var shell] when shell.Count > 0 => new List<string> { "/bin/sh", "-c", string.Join(' ', shell) },
            ["CMD", .. var exec] when exec.Count > 0 => exec,
            _ => null,
        };
        return command is null
            ? null
            : new V1Probe
            {
                Exec = new V1ExecAction { Command = command },
                PeriodSeconds = check!.Interval ?? DefaultInterval,
                TimeoutSeconds = check.Timeout ?? DefaultTimeout,
                FailureThreshold = check.Retries ?? DefaultRetries,
                InitialDelaySeconds = check.StartPeriod ?? 0,
                SuccessThreshold = 1,
            };
    }

    /// <summary>Seconds after the container starts before ECS can call it UNHEALTHY: start period plus the retries.</summary>
    public static int GraceSeconds(HealthCheck check) =>
        (check.StartPeriod ?? 0) + (check.Interval ?? DefaultInterval) * (check.Retries ?? DefaultRetries);
}
