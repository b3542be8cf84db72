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
    private const int CompetingProcesses = 2;
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
        var describeClusters = new Dictionary<string, LoadSummary>();
        var competing = new Dictionary<string, LoadSummary>();
        // The gateway and EcsApi directly reach one store, prepared once.
        foreach (var (name, url, prepare) in new[] { ("gateway", $"http://127.0.0.1:{port}", true), ("ecsapi", ecsApiUrl, false), ("moto", moto?.Url, true) })
        {
            if (url is null)
            {
                continue;
            }

            if (prepare)
            {
                using var preparing = new EcsTarget(name, url);
                await ApiMix.PrepareAsync(preparing);
                if (name == "moto")
                {
                    await MotoServer.AddContainerInstanceAsync(url, preparing, "bench");
                }
            }

            using (var warming = new EcsTarget(name, url))
            {
                await ClosedLoop.RunAsync(8, settings.TargetWarmUp, TimeSpan.Zero, record => ApiMix.RoundAsync(warming, record));
            }

            foreach (var concurrency in Concurrencies)
            {
                results[(name, concurrency)] = await MeasureAsync($"api {name}", name, url, concurrency, settings, ApiMix.RoundAsync);
            }

            describeClusters[name] = await MeasureAsync("DescribeClusters alone", name, url, 32, settings, DescribeClustersAsync);
            if (name != "ecsapi")
            {
                await using var loops = BusyLoops.Start(CompetingProcesses);
                competing[name] = await MeasureAsync($"api {name} beside {CompetingProcesses} busy loops", name, url, 8, settings, ApiMix.RoundAsync);
            }
        }

        var ceiling = new Dictionary<int, LoadSummary>();
        await using (var trivial = await TrivialEndpoint.StartAsync())
        {
            foreach (var concurrency in Concurrencies)
            {
                ceiling[concurrency] = await MeasureAsync("load generator ceiling", "trivial", trivial.Url, concurrency, settings, DescribeClustersAsync);
            }
        }

        return Report(results, describeClusters, competing, ceiling, moto is not null, settings);
    }

    private static async Task<LoadSummary> MeasureAsync(
        string what, string name, string url, int concurrency, BenchSettings settings, Func<EcsTarget, Action<string, TimeSpan>, Task> round)
    {
        using var target = new EcsTarget(name, url);
        var runs = new List<LoadResult>();
        for (var run = 0; run < settings.Runs; run++)
        {
            runs.Add(await ClosedLoop.RunAsync(concurrency, settings.Duration, settings.WarmUp, record => round(target, record)));
            Console.WriteLine($"{what} c={concurrency} run {run + 1}: {runs[^1].RequestsPerSecond:F0} req/s, {runs[^1].FailedRounds} failed rounds");
        }

        return new LoadSummary(runs);
    }

    private static async Task DescribeClustersAsync(EcsTarget target, Action<string, TimeSpan> record) =>
        record("DescribeClusters", (await target.CallAsync("DescribeClusters", """{"clusters": ["bench"]}""")).Elapsed);

    private static string Report(
        Dictionary<(string Target, int Concurrency), LoadSummary> results, Dictionary<string, LoadSummary> describeClusters,
        Dictionary<string, LoadSummary> competing, Dictionary<int, LoadSummary> ceiling, bool withMoto, BenchSettings settings)
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

        text.Append(CultureInfo.InvariantCulture, $"""

            ### DescribeClusters alone, concurrency 32

            | target | req/s | p50 | p95 | p99 |
            |---|---|---|---|---|

            """);
        foreach (var (name, summary) in describeClusters)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {summary[LoadSummary.Overall].Cells()} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"""

            ### The mix at concurrency 8 beside {CompetingProcesses} busy loops

            Two `sh -c 'while :; do :; done'` processes compete for the 2 cores while each target is measured.

            | target | req/s | p50 | p95 | p99 | failed rounds |
            |---|---|---|---|---|---|

            """);
        foreach (var (name, summary) in competing)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {summary[LoadSummary.Overall].Cells()} | {summary.FailedRounds} |\n");
        }

        if (competing.TryGetValue("gateway", out var kecsBusy) && competing.TryGetValue("moto", out var motoBusy))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\ngateway ÷ moto under competition: {kecsBusy[LoadSummary.Overall].RequestsPerSecond / motoBusy[LoadSummary.Overall].RequestsPerSecond:F1}×\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"""

            ### The load generator's own ceiling

            The same client sending DescribeClusters to an endpoint in the bench process that answers an empty object at once
            (Kestrel on loopback): the most it can measure on this machine.

            | concurrency | req/s | p50 | p95 | p99 |
            |---|---|---|---|---|

            """);
        foreach (var (concurrency, summary) in ceiling)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {concurrency} | {summary[LoadSummary.Overall].Cells()} |\n");
        }

        return text.ToString();
    }
}
