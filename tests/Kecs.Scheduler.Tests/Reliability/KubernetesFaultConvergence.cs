using System.Diagnostics;
using System.Text.Json.Nodes;
using Kecs.Testing.FakeKube;

namespace Kecs.Scheduler.Tests.Reliability;

/// <summary>
/// Each Kubernetes fault the fake API server can inject, while a service of 3 loses a pod to eviction: once the fault
/// clears the Scheduler replaces the task by itself, with one pod per task, and stays healthy. How long that took after
/// the fault cleared is written to <c>TestResults/kubernetes-fault-convergence.txt</c>.
/// </summary>
[Trait("Category", "reliability")]
public sealed class KubernetesFaultConvergence(KubernetesFaultConvergence.Report report) : IClassFixture<KubernetesFaultConvergence.Report>
{
    private const int DesiredCount = 3;

    public static TheoryData<string> Faults =>
        ["30 HTTP 500s", "10 HTTP 409s", "410 Gone on watches", "dropped watch connections", "10 s latency", "5 s outage"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task The_service_converges_by_itself_once_the_fault_clears(string fault)
    {
        await using var rig = await SchedulerRig.OnFakeKubernetesAsync();
        await ServiceSteps.CreateServiceAsync(rig, DesiredCount);
        await ServiceSteps.WaitForServiceAsync(rig, s => ServiceSteps.Running(s) == DesiredCount, "the service running");
        var kube = rig.Kube!;
        var (ns, evicted) = SchedulerRig.NamesOf(kube.Pods().First());

        var cleared = await InjectAsync(kube, fault, () => kube.Kubelet.Evict(ns, evicted));
        await ServiceSteps.WaitForServiceAsync(rig, s => ServiceSteps.Running(s) == DesiredCount && kube.Store.Get("pods", ns, evicted) is null
            && kube.Pods().Count(p => p["status"]?["phase"]?.GetValue<string>() == "Running") == DesiredCount, "the evicted task replaced");
        var converged = cleared.Elapsed;

        var tasks = await ServiceSteps.AllServiceTasksAsync(rig);
        Assert.Equal(DesiredCount + 1, tasks.Count);
        Assert.Single(tasks, t => t["lastStatus"].Text() == "STOPPED" && t["stopCode"].Text() == "TerminationNotice");
        Assert.All(kube.Pods().GroupBy(p => p["metadata"]!["labels"]!["kecs.dev/task-id"].Text()), pods => Assert.Single(pods));
        using var health = await rig.Scheduler.CreateClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.True(health.IsSuccessStatusCode, $"the Scheduler is unhealthy after {fault}");
        report.Add($"{fault}: converged {converged.TotalSeconds:0.00} s after the fault cleared");
    }

    /// <summary>Injects the fault around <paramref name="change"/>; returns a stopwatch started when the fault cleared.</summary>
    private static async Task<Stopwatch> InjectAsync(FakeKubeApiServer kube, string fault, Action change)
    {
        var cancellation = TestContext.Current.CancellationToken;
        switch (fault)
        {
            case "30 HTTP 500s" or "10 HTTP 409s":
                kube.FailNext(fault.StartsWith("30", StringComparison.Ordinal) ? 30 : 10, fault.EndsWith("500s", StringComparison.Ordinal) ? 500 : 409);
                change();
                // Cleared once every injected error has been answered.
                await SchedulerRig.WaitUntilAsync(() => !kube.FailingNext, "the injected errors answered");
                return Stopwatch.StartNew();
            case "410 Gone on watches":
                kube.Store.Compact();
                change();
                return Stopwatch.StartNew();
            case "dropped watch connections":
                kube.DropWatches();
                change();
                return Stopwatch.StartNew();
            case "10 s latency":
                kube.Latency = TimeSpan.FromSeconds(10);
                change();
                await Task.Delay(TimeSpan.FromSeconds(10), cancellation);
                kube.Latency = TimeSpan.Zero;
                return Stopwatch.StartNew();
            default:
                kube.Down = true;
                change();
                await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
                kube.Down = false;
                return Stopwatch.StartNew();
        }
    }

    /// <summary>The figures of one run, rewritten after each fault.</summary>
    public sealed class Report
    {
        private readonly List<string> _lines = [];
        private readonly string _path = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName,
            "kubernetes-fault-convergence.txt");

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
                File.WriteAllLines(_path, _lines);
            }

            TestContext.Current.SendDiagnosticMessage(line);
        }
    }
}
