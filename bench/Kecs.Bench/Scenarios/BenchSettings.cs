namespace Kecs.Bench.Scenarios;

/// <summary>
/// How long each measurement runs and how often; <c>KECS_BENCH_SECONDS</c> shortens or lengthens the load runs.
/// <paramref name="TargetWarmUp"/> is load sent to a freshly started target before its first measurement: .NET's
/// tiered JIT keeps recompiling hot code for the first ten-odd seconds under load, which would otherwise be measured.
/// </summary>
public sealed record BenchSettings(int Runs, TimeSpan Duration, TimeSpan WarmUp, TimeSpan TargetWarmUp)
{
    public static BenchSettings FromEnvironment() => new(
        3,
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("KECS_BENCH_SECONDS"), out var seconds) ? seconds : 5),
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(15));
}
