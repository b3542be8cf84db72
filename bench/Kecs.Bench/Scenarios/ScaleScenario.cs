using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kecs.Bench.Hosting;
using Kecs.Bench.Load;
using Kecs.Bench.Reporting;

namespace Kecs.Bench.Scenarios;

/// <summary>
/// 1,000 services and 10,000 tasks stored (simulated runtime, so the tasks run): latency of filtered
/// ListTasks, DescribeServices of 10 and paging through ListServices, the api mix at concurrency 8,
/// the resident memory of all Kecs processes idle and after, the DuckDB file's size, and how long EcsApi takes to load
/// this state when restarted.
/// </summary>
public static partial class ScaleScenario
{
    private const int Services = 1000;
    private const int TaskBatches = 1000;
    private const int TasksPerBatch = 10;
    private const int Samples = 300;
    private static readonly TimeSpan IdleSettling = TimeSpan.FromSeconds(10);

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        var data = Directory.CreateTempSubdirectory("kecs-bench-scale-").FullName;
        var port = ChildProcess.FreePort();
        var gateway = $"http://127.0.0.1:{port}";
        await using var kecs = KecsApps.AppHost(port, data, "simulated");
        await KecsApps.WaitUntilReadyAsync(gateway);
        await Task.Delay(IdleSettling);
        var idleMemory = kecs.TreeMemory();
        using var target = new EcsTarget("gateway", gateway);
        await ApiMix.PrepareAsync(target);
        var loading = System.Diagnostics.Stopwatch.StartNew();
        await Workers.EachAsync(Services, i => target.CallAsync("CreateService",
            $$"""{"cluster": "bench", "serviceName": "svc-{{i:D4}}", "taskDefinition": "web", "desiredCount": 0}"""));
        await Workers.EachAsync(TaskBatches, i => target.CallAsync("RunTask",
            $$"""{"cluster": "bench", "taskDefinition": "web", "count": {{TasksPerBatch}}, "startedBy": "batch-{{i % 100}}"}"""));
        await KecsApps.WaitUntilConvergedAsync(gateway);
        Console.WriteLine($"scale: stored {Services} services and {TaskBatches * TasksPerBatch} tasks in {loading.Elapsed.TotalSeconds:F0} s");

        var figures = new List<(string What, LoadFigures Figures)>
        {
            ("ListTasks, startedBy filter, 100 per page", await SampleAsync(target, "ListTasks", i => $$"""{"cluster": "bench", "startedBy": "batch-{{i % 100}}", "maxResults": 100}""")),
            ("ListTasks, family and desiredStatus filter, 100 per page",
                await SampleAsync(target, "ListTasks", _ => """{"cluster": "bench", "family": "web", "desiredStatus": "RUNNING", "maxResults": 100}""")),
            ("DescribeServices of 10", await SampleAsync(target, "DescribeServices", i =>
                $$"""{"cluster": "bench", "services": [{{string.Join(", ", Enumerable.Range(i % 99 * 10, 10).Select(n => $"\"svc-{n:D4}\""))}}]}""")),
            ("paging through ListServices (11 pages of 100)", await PagingAsync(target)),
        };
        await ClosedLoop.RunAsync(8, settings.TargetWarmUp, TimeSpan.Zero, record => ApiMix.RoundAsync(target, record));
        var runs = new List<LoadResult>();
        for (var run = 0; run < settings.Runs; run++)
        {
            runs.Add(await ClosedLoop.RunAsync(8, settings.Duration, settings.WarmUp, record => ApiMix.RoundAsync(target, record)));
        }

        var mix = new LoadSummary(runs)[LoadSummary.Overall];
        var rss = ChildProcess.ResidentBytes(kecs.Child("Kecs.EcsApi.dll")) / 1024.0 / 1024.0;
        var loadedMemory = kecs.TreeMemory();
        var database = new FileInfo(Path.Combine(data, "kecs.duckdb")).Length / 1024.0 / 1024.0;
        var loadMilliseconds = await RestartEcsApiAsync(kecs);

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            {Services:N0} services (desiredCount 0) and {TaskBatches * TasksPerBatch:N0} tasks (RunTask, count {TasksPerBatch}, simulated runtime, all RUNNING) stored
            through the gateway; then {Samples} sequential calls of each kind (ms):

            | call | p50 | p95 | p99 |
            |---|---|---|---|

            """);
        foreach (var (what, f) in figures)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {what} | {f.P50:F2} | {f.P95:F2} | {f.P99:F2} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"""

            The api mix at concurrency 8 on this store, median of {settings.Runs} runs of {settings.Duration.TotalSeconds:0} s: {mix.RequestsPerSecond:F0} req/s,
            p50 {mix.P50:F2} ms, p95 {mix.P95:F2} ms, p99 {mix.P99:F2} ms (target: p99 at most 5 ms).

            Memory of all Kecs processes together (the AppHost and its four services), proportional set size (each page
            shared between them counted once; the sum of their resident sizes counts the .NET runtime's shared pages in
            each): {Mib(idleMemory.Proportional):F0} MiB idle {IdleSettling.TotalSeconds:0} s after start (target: at most 250), {Mib(loadedMemory.Proportional):F0} MiB after this
            scenario (target: at most 400). Sums of resident sizes: {Mib(idleMemory.Resident):F0} and {Mib(loadedMemory.Resident):F0} MiB. EcsApi alone, resident: {rss:F0} MiB.
            DuckDB file: {database:F1} MiB. EcsApi, killed and restarted by the AppHost, loaded this state from DuckDB into memory in
            {loadMilliseconds} ms (as it logs it).
            """);
        return text.ToString();
    }

    private static double Mib(long bytes) => bytes / 1024.0 / 1024.0;

    /// <summary>SIGKILLs EcsApi and waits for the AppHost's restart of it to log how long loading the state took.</summary>
    private static async Task<string> RestartEcsApiAsync(ChildProcess kecs)
    {
        System.Diagnostics.Process.GetProcessById(kecs.Child("Kecs.EcsApi.dll")).Kill();
        return await kecs.WaitForOutputAsync(LoadedAfterRestart(), TimeSpan.FromMinutes(1));
    }

    private static async Task<LoadFigures> SampleAsync(EcsTarget target, string operation, Func<int, string> request)
    {
        var latencies = new List<TimeSpan>();
        for (var i = 0; i < Samples; i++)
        {
            latencies.Add((await target.CallAsync(operation, request(i))).Elapsed);
        }

        return LoadFigures.Of(latencies, latencies.Aggregate(TimeSpan.Zero, (sum, l) => sum + l));
    }

    private static async Task<LoadFigures> PagingAsync(EcsTarget target)
    {
        var walks = new List<TimeSpan>();
        for (var walk = 0; walk < 30; walk++)
        {
            var took = TimeSpan.Zero;
            string? next = null;
            do
            {
                var (elapsed, page) = await target.CallAsync("ListServices",
                    next is null ? """{"cluster": "bench", "maxResults": 100}""" : $$"""{"cluster": "bench", "maxResults": 100, "nextToken": "{{next}}"}""", parse: true);
                took += elapsed;
                next = page!["nextToken"]?.GetValue<string>();
            }
            while (next is not null);
            walks.Add(took);
        }

        return LoadFigures.Of(walks, walks.Aggregate(TimeSpan.Zero, (sum, l) => sum + l));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Loaded \d+ clusters, \d+ services, \d{5,} tasks and \d+ task definitions from the database in (\d+) ms")]
    private static partial System.Text.RegularExpressions.Regex LoadedAfterRestart();
}
