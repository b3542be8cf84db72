using System.Diagnostics;
using System.Globalization;
using Kecs.Bench.Hosting;
using Kecs.Bench.Reporting;

namespace Kecs.Bench.Scenarios;

/// <summary>From starting the AppHost (built already) to <c>/admin/ready</c> answering 200, with a fresh data directory each time.</summary>
public static class StartupScenario
{
    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var runs = new List<double>();
        for (var run = 0; run < settings.Runs; run++)
        {
            var port = ChildProcess.FreePort();
            var started = Stopwatch.StartNew();
            await using var kecs = KecsApps.AppHost(port, Directory.CreateTempSubdirectory("kecs-bench-start-").FullName, "simulated");
            await KecsApps.WaitUntilReadyAsync($"http://127.0.0.1:{port}");
            runs.Add(started.Elapsed.TotalSeconds);
            Console.WriteLine($"startup run {run + 1}: {runs[^1]:F2} s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            `dotnet Kecs.AppHost.dll --runtime simulated` with a new data directory, until `GET /admin/ready` answers 200
            (every service healthy; the gateway, EcsApi, the Scheduler and AdminApi each a process):

            | runs | median | fastest | slowest | target |
            |---|---|---|---|---|
            | {runs.Count} | {Percentiles.Median(runs):F2} s | {runs.Min():F2} s | {runs.Max():F2} s | at most 5 s |
            """);
    }
}
