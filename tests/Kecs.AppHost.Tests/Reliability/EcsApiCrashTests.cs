using System.Diagnostics;
using Kecs.Testing;

namespace Kecs.AppHost.Tests.Reliability;

/// <summary>
/// EcsApi killed with SIGKILL again and again under a stream of writes, restarted by the AppHost alone: every
/// acknowledged write survives exactly once, no failed write is half present, and the database always opens.
/// </summary>
[Trait("Category", "reliability")]
public sealed class EcsApiCrashTests
{
    private const int Kills = 20;
    private const int Writers = 4;
    private const string Cluster = "crash";
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_write_survives_repeated_SIGKILLs_of_EcsApi_exactly_once()
    {
        await using var appHost = AppHostProcess.Start(environment: new()
        {
            // Restart at once every time: this test kills far more often than the default backoff expects.
            ["Kecs__Restart__FirstDelay"] = "00:00:00.1",
            ["Kecs__Restart__LongestDelay"] = "00:00:00.1",
        });
        await appHost.WaitUntilReadyAsync(Cancellation);
        var ecs = appHost.Ecs();
        await ecs.OkAsync("CreateCluster", $$"""{"clusterName": "{{Cluster}}"}""");
        var stream = new WriteStream(ecs, Cluster, Writers);
        using var stopWriting = new CancellationTokenSource();
        var writing = stream.RunAsync(stopWriting.Token);
        var random = new Random(20261124);
        var comebacks = new List<TimeSpan>();

        for (var kill = 0; kill < Kills; kill++)
        {
            comebacks.Add(await WaitForAcknowledgedWritesAsync(appHost, stream));
            await Task.Delay(random.Next(200, 1200), Cancellation);
            ProcessTree.Signal(appHost.ServicePid("Kecs.EcsApi")!.Value, ProcessTree.SigKill);
        }

        comebacks.Add(await WaitForAcknowledgedWritesAsync(appHost, stream));
        await stopWriting.CancelAsync();
        await writing;
        var audit = new WrittenStateAudit(ecs, Cluster);
        await audit.RunAsync(stream.Writes, Writers);
        var (answered, reloaded) = await AnsweredBeforeAndAfterALoadFromDiskAsync(appHost, audit);

        var writes = stream.Writes;
        var report = $"{Kills} SIGKILLs of EcsApi: {writes.Count} writes sent, {stream.Acknowledged} acknowledged, " +
                     $"{writes.Count - stream.Acknowledged} failed; creating writes acknowledged {audit.AcknowledgedCreations.Sent}, " +
                     $"found {audit.AcknowledgedCreations.Found}; failed {audit.FailedCreations.Sent}, found whole anyway {audit.FailedCreations.Found}; " +
                     $"back to acknowledging writes after a kill: median {Median(comebacks.Skip(1)):0.00} s, longest {comebacks.Skip(1).Max().TotalSeconds:0.00} s; " +
                     $"by kind: {string.Join(", ", writes.GroupBy(w => w.Kind).Select(g => $"{g.Key} {g.Count(w => w.Acknowledged)}/{g.Count()}"))}; " +
                     $"{answered.Count} services, tasks and task definitions described before a last restart, {reloaded.Count} after it, " +
                     $"{answered.Except(reloaded).Count()} different";
        WriteReport(report);
        Assert.True(audit.Problems.Count == 0, string.Join('\n', audit.Problems.Prepend(report)));
        Assert.True(stream.Acknowledged > Kills * 10, $"too few writes got through to prove anything: {report}");
        Assert.Equal(answered, reloaded);
    }

    /// <summary>
    /// What EcsApi answers from memory once the state has settled, and what it answers after one more SIGKILL, when it
    /// has loaded the state from disk and nothing has written since: the two must be the same.
    /// </summary>
    private static async Task<(List<string> Answered, List<string> Reloaded)> AnsweredBeforeAndAfterALoadFromDiskAsync(
        AppHostProcess appHost, WrittenStateAudit audit)
    {
        var answered = await audit.DescribeEverythingAsync();
        var settling = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
            var again = await audit.DescribeEverythingAsync();
            if (again.SequenceEqual(answered))
            {
                break;
            }

            Assert.True(settling.Elapsed < BackWithin, "the state did not settle after the writers stopped");
            answered = again;
        }

        var killed = appHost.ServicePid("Kecs.EcsApi")!.Value;
        ProcessTree.Signal(killed, ProcessTree.SigKill);
        List<string>? reloaded = null;
        await Eventually.TrueAsync(async () =>
        {
            if (appHost.ServicePid("Kecs.EcsApi") is not { } pid || pid == killed)
            {
                return false;
            }

            try
            {
                reloaded = await audit.DescribeEverythingAsync();
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or Xunit.Sdk.XunitException)
            {
                return false;
            }
        }, "EcsApi to answer again after its last restart");
        return (answered, reloaded!);
    }

    /// <summary>Waits until EcsApi (restarted by the AppHost) acknowledges writes again; returns how long that took.</summary>
    private static async Task<TimeSpan> WaitForAcknowledgedWritesAsync(AppHostProcess appHost, WriteStream stream)
    {
        var waited = Stopwatch.StartNew();
        while (appHost.ServicePid("Kecs.EcsApi") is null)
        {
            Assert.True(waited.Elapsed < BackWithin, $"the AppHost did not restart EcsApi within {BackWithin}:\n{appHost.Output}");
            await Task.Delay(20, Cancellation);
        }

        var before = stream.Acknowledged;
        while (stream.Acknowledged < before + Writers)
        {
            Assert.True(waited.Elapsed < BackWithin, $"EcsApi acknowledged no writes within {BackWithin} of its restart:\n{appHost.Output}");
            await Task.Delay(20, Cancellation);
        }

        return waited.Elapsed;
    }

    private static double Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalSeconds).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void WriteReport(string report)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        File.WriteAllText(Path.Combine(directory, "ecsapi-crash-report.txt"), report + "\n");
        TestContext.Current.SendDiagnosticMessage(report);
    }
}
