using k8s;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// Which Kubernetes API server to use: <c>Scheduler:Kubeconfig</c>, else the first file in
/// <c>KUBECONFIG</c>, else <c>~/.kube/config</c> (each with <c>Scheduler:KubeContext</c> or the current
/// context), else the in-cluster service account when Kecs runs in a pod.
/// </summary>
public static class KubeTarget
{
    public static KubernetesClientConfiguration Load(SchedulerOptions options)
    {
        var path = KubeconfigPath(options);
        if (path is not null)
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, string.IsNullOrEmpty(options.KubeContext) ? null : options.KubeContext);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new InvalidOperationException(
            "no kubeconfig found (Scheduler:Kubeconfig and KUBECONFIG are unset and ~/.kube/config does not exist) and not running inside a cluster");
    }

    private static string? KubeconfigPath(SchedulerOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            return File.Exists(options.Kubeconfig)
                ? options.Kubeconfig
                : throw new InvalidOperationException($"the kubeconfig {options.Kubeconfig} does not exist");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(File.Exists);
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return fromEnvironment ?? (File.Exists(home) ? home : null);
    }
}
