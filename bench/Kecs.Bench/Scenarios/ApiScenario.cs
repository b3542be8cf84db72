using System.Globalization;
using System.Text;
using Kecs.Bench.Hosting;
using Kecs.Bench.Load;
using Kecs.Bench.Reporting;

namespace Kecs.Bench.Scenarios;

/// <summary>
/// Closed-loop load of the api mix at concurrency 1, 8 and 32: Kecs through its gateway, EcsApi
/// directly, and moto_server in the same run when it is installed; the median of three runs each.
/// </summary>
public static class ApiScenario
{
    private static readonly int[] Concurrencies = [1, 8, 32];

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var data = Directory.CreateTempSubdirectory("kecs-bench-api-").FullName;
        var port = ChildProcess.FreePort();
        await using var kecs = KecsApps.AppHost(port, data, "simulated");
        await KecsApps.WaitUntilReadyAsync($"http://127.0.0.1:{port}");
        var ecsApiUrl = await KecsApps.EcsApiUrlAsync(kecs);
        var moto = await MotoServer.TryStartAsync();
        await using var motoProcess = moto?.Process;

        var results = new Dictionary<(string Target, int Concurrency), LoadSummary>();
        // The gateway and EcsApi directly reach one store, prepared once.
        foreach (var (name, url, prepare) in new[] { ("gateway", $"http://127.0.0.1:{port}", true), ("ecsapi", ecsApiUrl, false), ("moto", moto?.Url, true) })
        {
            if (url is null)
            {
                continue;
            }

            if (prepare)
            {
                using var preparing = new EcsTarget(name, url, 1);
                await ApiMix.PrepareAsync(preparing);
                if (name == "moto")
                {
                    await MotoServer.AddContainerInstanceAsync(url, preparing, "bench");
                }
            }

            using (var warming = new EcsTarget(name, url, 8))
            {
                await ClosedLoop.RunAsync(8, settings.TargetWarmUp, TimeSpan.Zero, record => ApiMix.RoundAsync(warming, record));
            }

            foreach (var concurrency in Concurrencies)
            {
                using var target = new EcsTarget(name, url, concurrency);
                var runs = new List<LoadResult>();
                for (var run = 0; run < settings.Runs; run++)
                {
                    runs.Add(await ClosedLoop.RunAsync(concurrency, settings.Duration, settings.WarmUp, record => ApiMix.RoundAsync(target, record)));
                    Console.WriteLine($"api {name} c={concurrency} run {run + 1}: {runs[^1].RequestsPerSecond:F0} req/s");
                }

                results[(name, concurrency)] = new LoadSummary(runs);
            }
        }

        return Report(results, moto is not null, settings);
    }

    private static string Report(Dictionary<(string Target, int Concurrency), LoadSummary> results, bool withMoto, BenchSettings settings)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            Each target first serves the mix for {settings.TargetWarmUp.TotalSeconds:0} s unmeasured (a fresh .NET process spends its first
            seconds under load recompiling hot code; moto gets the same). Each cell is then the median of {settings.Runs} runs of
            {settings.Duration.TotalSeconds:0} s (after {settings.WarmUp.TotalSeconds:0} s of warm-up), keep-alive
            connections, one worker per connection sending its next request when the last is answered. Kecs runs
            with the simulated runtime; latencies in ms. moto is `moto_server` {(withMoto ? "in the same run" : "(absent: not installed)")}.
            The mix, in rounds: DescribeClusters, ListTasks, DescribeServices, RegisterTaskDefinition, RunTask (EC2), StopTask.

            """);
        foreach (var concurrency in Concurrencies)
        {
            text.Append(CultureInfo.InvariantCulture, $"""

                ### Concurrency {concurrency}

                | operation | gateway req/s | p50 | p95 | p99 | EcsApi direct req/s | p50 | p95 | p99 | moto req/s | p50 | p95 | p99 | gateway ÷ moto req/s |
                |---|---|---|---|---|---|---|---|---|---|---|---|---|---|

                """);
            foreach (var operation in ApiMix.Operations.Append(LoadSummary.Overall))
            {
                var gateway = results[("gateway", concurrency)][operation];
                var direct = results[("ecsapi", concurrency)][operation];
                var moto = withMoto ? results[("moto", concurrency)][operation] : null;
                text.Append(CultureInfo.InvariantCulture,
                    $"| {operation} | {gateway.Cells()} | {direct.Cells()} | {moto?.Cells() ?? "absent | absent | absent | absent"} | {(moto is null ? "absent" : $"{gateway.RequestsPerSecond / moto.RequestsPerSecond:F1}×")} |\n");
            }
        }

        return text.ToString();
    }
}
