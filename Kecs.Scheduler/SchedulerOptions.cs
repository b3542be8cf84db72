using System.ComponentModel.DataAnnotations;

namespace Kecs.Scheduler;

/// <summary>How the Scheduler runs tasks, bound from the <c>Scheduler</c> configuration section.</summary>
public sealed class SchedulerOptions
{
    /// <summary><c>auto</c> (Kubernetes when a cluster answers, else simulated), <c>kubernetes</c> or <c>simulated</c>.</summary>
    [RegularExpression("^(auto|kubernetes|simulated)$", ErrorMessage = "Scheduler:Runtime must be auto, kubernetes or simulated.")]
    public string Runtime { get; set; } = "auto";

    /// <summary>The kubeconfig file; <c>KUBECONFIG</c> or <c>~/.kube/config</c> when empty, in-cluster config inside a pod.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; the current context when empty.</summary>
    public string? KubeContext { get; set; }

    /// <summary>How long a task may wait for Kubernetes to accept its pod before it stops with TaskFailedToStart.</summary>
    public TimeSpan TaskStartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long <c>auto</c> waits for a cluster to answer at start-up.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the change feed holds a request open when nothing changes.</summary>
    public TimeSpan FeedWait { get; set; } = TimeSpan.FromSeconds(5);

    public SimulatedRuntimeOptions Simulated { get; set; } = new();

    public ServiceThrottleOptions ServiceThrottle { get; set; } = new();
}

/// <summary>How the service scheduler slows down starting tasks for a deployment whose tasks keep failing.</summary>
public sealed class ServiceThrottleOptions
{
    /// <summary>How long a task must run for earlier failures of its deployment to stop counting.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed tasks, not made up for by a stable run, before starts are delayed.</summary>
    public int FailuresBeforeThrottle { get; set; } = 3;

    /// <summary>The delay after the first failure past that count; it doubles with each further failure.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two starts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The delays of the simulated runtime's lifecycle.</summary>
public sealed class SimulatedRuntimeOptions
{
    /// <summary>From the Scheduler seeing a task to its pull starting (pullStartedAt).</summary>
    public TimeSpan PendingDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>From the pull starting to RUNNING, which is reported with both times in one observation.</summary>
    public TimeSpan RunningDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>From a stop request to STOPPED.</summary>
    public TimeSpan StopDelay { get; set; } = TimeSpan.FromMilliseconds(50);
}
