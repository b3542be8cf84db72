using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using Kecs.Ecs;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>The logs of a task's containers, read from its pod through the API server (the kubelet keeps them).</summary>
public sealed class PodLogs(IKubernetes client)
{
    public Task<Stream> OpenAsync(DesiredTask task, string container, bool follow, CancellationToken cancellation) =>
        OpenAsync(task, container, follow, timestamps: false, cancellation);

    /// <summary>Every line with the time the container runtime took it, until the container has stopped.</summary>
    public async IAsyncEnumerable<LogLine> FollowAsync(DesiredTask task, string container, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await using var stream = await OpenAsync(task, container, follow: true, timestamps: true, cancellation);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (Parse(line) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    /// <summary>A line of <c>timestamps=true</c>: an RFC 3339 time with up to nine fractional digits, a space, the text.</summary>
    public static LogLine? Parse(string line)
    {
        var space = line.IndexOf(' ');
        var stamp = space < 0 ? line : line[..space];
        var dot = stamp.IndexOf('.');
        if (dot > 0 && stamp.IndexOfAny(['Z', '+', '-'], dot) is var zone and > 0 && zone - dot > 8)
        {
            // .NET reads at most seven fractional digits; Kubernetes writes nine.
            stamp = stamp[..(dot + 8)] + stamp[zone..];
        }

        return DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? new LogLine(at, space < 0 ? "" : line[(space + 1)..])
            : null;
    }

    private async Task<Stream> OpenAsync(DesiredTask task, string container, bool follow, bool timestamps, CancellationToken cancellation)
    {
        var (ns, pod) = (KubeNames.Namespace(task.ClusterName, task.Region), KubeNames.Pod(task.Id));
        try
        {
            return await client.CoreV1.ReadNamespacedPodLogAsync(
                pod, ns, KubeNames.Container(container), follow: follow, timestamps: timestamps, cancellationToken: cancellation);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            throw new TaskLogsUnavailableException(
                $"Kubernetes has no log for container {container} of task {task.Id} (pod {ns}/{pod}): {KubernetesRuntime.Describe(error)}",
                notFound: error.Response.StatusCode == HttpStatusCode.NotFound);
        }
    }
}
