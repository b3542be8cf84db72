namespace Kecs.Bench.Scenarios;

/// <summary>How long each measurement runs and how often; <c>KECS_BENCH_SECONDS</c> shortens or lengthens the load runs.</summary>
public sealed record BenchSettings(int Runs, TimeSpan Duration, TimeSpan WarmUp)
{
    public static BenchSettings FromEnvironment() => new(
        3,
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("KECS_BENCH_SECONDS"), out var seconds) ? seconds : 5),
        TimeSpan.FromSeconds(1));
}
