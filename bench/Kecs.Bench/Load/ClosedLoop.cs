using System.Collections.Concurrent;
using System.Diagnostics;

namespace Kecs.Bench.Load;

/// <summary>What a closed-loop run measured: every request's latency by operation, and the requests per second.</summary>
public sealed record LoadResult(IReadOnlyDictionary<string, List<TimeSpan>> Latencies, int Requests, TimeSpan Duration, int FailedRounds)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public List<TimeSpan> All => Latencies.Values.SelectMany(l => l).ToList();
}

/// <summary>
/// A closed loop: <c>concurrency</c> workers each send the next request as soon as the previous one is
/// answered, for a fixed time, after a short warm-up that is not measured. A round that fails (a target answering
/// 500 under load, as moto does) is counted and the worker goes on with the next.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, TimeSpan warmUp, Func<Action<string, TimeSpan>, Task> round)
    {
        await RunForAsync(concurrency, warmUp, round, (_, _) => { });
        var latencies = new ConcurrentDictionary<string, List<TimeSpan>>();
        var clock = Stopwatch.StartNew();
        var failed = await RunForAsync(concurrency, duration, round, (operation, elapsed) =>
        {
            var list = latencies.GetOrAdd(operation, _ => []);
            lock (list)
            {
                list.Add(elapsed);
            }
        });
        var took = clock.Elapsed;
        return new LoadResult(latencies.ToDictionary(), latencies.Values.Sum(l => l.Count), took, failed);
    }

    /// <returns>How many rounds failed.</returns>
    private static async Task<int> RunForAsync(int concurrency, TimeSpan duration, Func<Action<string, TimeSpan>, Task> round, Action<string, TimeSpan> record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                try
                {
                    await round(record);
                }
                catch (InvalidOperationException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        return failed;
    }
}
