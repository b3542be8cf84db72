using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kecs.Bench.Hosting;
using Kecs.Bench.Load;
using Kecs.Bench.Reporting;
using Kecs.Testing.FakeKube;

namespace Kecs.Bench.Scenarios;

/// <summary>
/// The <c>awslogs</c> driver's delay: EcsApi and the Scheduler as processes of their own with moto_server as the AWS
/// companion, a task on the fake Kubernetes API server whose container writes a line every few milliseconds, and a reader
/// polling GetLogEvents as <c>aws logs tail --follow</c> does; the delay is from the line's write to its first sight.
/// </summary>
public static class LogsScenario
{
    private const int Lines = 300;
    private static readonly TimeSpan LineInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        if (await MotoServer.TryStartAsync() is not var (moto, motoUrl))
        {
            return "moto_server is not installed: nothing measured.";
        }

        await using var _ = moto;
        await using var kube = await FakeKubeApiServer.StartAsync(immediateKubelet: true);
        await using var kecs = await EcsApiAndScheduler.StartAsync(kube, "logs", new() { ["Aws__Endpoint"] = motoUrl });

        var delays = new List<TimeSpan>();
        for (var run = 0; run < settings.Runs; run++)
        {
            delays.AddRange(await OneTaskAsync(kecs.EcsApiUrl, motoUrl, kube, $"logs-{run}"));
            Console.WriteLine($"logs: run {run + 1}: p50 {Percentiles.Of(delays, 50):F0} ms, p99 {Percentiles.Of(delays, 99):F0} ms");
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            EcsApi and the Scheduler each a process (Release), the fake Kubernetes API server in the bench process, moto_server as the
            AWS companion. A container writes {Lines} lines {LineInterval.TotalMilliseconds:0} ms apart, {settings.Runs} tasks one after
            the other; GetLogEvents is polled every {PollInterval.TotalMilliseconds:0} ms (which adds up to that much to each delay).

            | measure | n | p50 | p99 | max | target |
            |---|---|---|---|---|---|
            | line written -> seen by GetLogEvents (ms) | {delays.Count} | {Percentiles.Of(delays, 50):F0} | {Percentiles.Of(delays, 99):F0} | {Percentiles.Of(delays, 100):F0} | at most 2000 |
            """);
    }

    private static async Task<List<TimeSpan>> OneTaskAsync(string ecsApiUrl, string motoUrl, FakeKubeApiServer kube, string cluster)
    {
        using var ecs = new EcsTarget("ecsapi", ecsApiUrl);
        await ecs.CallAsync("CreateCluster", $$"""{"clusterName": "{{cluster}}"}""");
        await ecs.CallAsync("RegisterTaskDefinition", """
            {"family": "logger", "containerDefinitions": [{"name": "app", "image": "busybox:1.36", "memory": 64,
              "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/bench/logs", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "bench", "awslogs-create-group": "true"}}}]}
            """);
        var (_, run) = await ecs.CallAsync("RunTask", $$"""{"cluster": "{{cluster}}", "taskDefinition": "logger"}""", parse: true);
        var taskArn = run!["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var taskId = taskArn[(taskArn.LastIndexOf('/') + 1)..];
        while ((await ecs.CallAsync("DescribeTasks", $$"""{"cluster": "{{cluster}}", "tasks": ["{{taskArn}}"]}""", parse: true)).Body!["tasks"]![0]!["lastStatus"]!.GetValue<string>() != "RUNNING")
        {
            await Task.Delay(10);
        }

        var pod = kube.Pods().Single(p => p["metadata"]!["labels"]!["kecs.dev/task-id"]!.GetValue<string>() == taskId);
        var (ns, name) = (pod["metadata"]!["namespace"]!.GetValue<string>(), pod["metadata"]!["name"]!.GetValue<string>());
        var written = new ConcurrentDictionary<string, long>();
        var seen = new Dictionary<string, long>();
        using var reading = new CancellationTokenSource();
        var reader = PollAsync(motoUrl, "/bench/logs", $"bench/app/{taskId}", seen, reading.Token);
        for (var i = 0; i < Lines; i++)
        {
            var line = $"line {i:D4} of {taskId}";
            written[line] = Stopwatch.GetTimestamp();
            kube.Kubelet.Log(ns, name, "app", line);
            await Task.Delay(LineInterval);
        }

        var deadline = Stopwatch.StartNew();
        while (written.Keys.Any(line => !Seen(seen, line)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        await reading.CancelAsync();
        await reader;
        await ecs.CallAsync("StopTask", $$"""{"cluster": "{{cluster}}", "task": "{{taskArn}}"}""");
        lock (seen)
        {
            var missing = written.Keys.Count(line => !seen.ContainsKey(line));
            if (missing > 0)
            {
                throw new InvalidOperationException($"{missing} of {Lines} lines never reached CloudWatch Logs.");
            }

            return written.Select(entry => Stopwatch.GetElapsedTime(entry.Value, seen[entry.Key])).ToList();
        }
    }

    private static bool Seen(Dictionary<string, long> seen, string line)
    {
        lock (seen)
        {
            return seen.ContainsKey(line);
        }
    }

    /// <summary>Reads the whole stream every poll, as <c>aws logs tail --follow</c> reads it, noting when each message is first there.</summary>
    private static async Task PollAsync(string motoUrl, string group, string stream, Dictionary<string, long> seen, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        var body = $$"""{"logGroupName": "{{group}}", "logStreamName": "{{stream}}", "startFromHead": true, "limit": 10000}""";
        while (!cancellation.IsCancellationRequested)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, motoUrl)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "Logs_20140328.GetLogEvents");
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261208/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0");
            using var response = await http.SendAsync(request, CancellationToken.None);
            var now = Stopwatch.GetTimestamp();
            if (response.IsSuccessStatusCode)
            {
                var events = JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!["events"]!.AsArray();
                lock (seen)
                {
                    foreach (var message in events.Select(e => e!["message"]!.GetValue<string>()))
                    {
                        seen.TryAdd(message, now);
                    }
                }
            }

            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }
}
