using System.ComponentModel.DataAnnotations;

namespace Kecs.Scheduler;

/// <summary>Which runtime runs tasks, bound from the <c>Scheduler</c> configuration section.</summary>
public sealed class SchedulerOptions
{
    /// <summary><c>auto</c> (Kubernetes when a cluster answers, else simulated), <c>kubernetes</c> or <c>simulated</c>.</summary>
    [RegularExpression("^(auto|kubernetes|simulated)$", ErrorMessage = "Scheduler:Runtime must be auto, kubernetes or simulated.")]
    public string Runtime { get; set; } = "auto";

    /// <summary>The kubeconfig context to use; the current context when empty.</summary>
    public string? KubeContext { get; set; }
}
