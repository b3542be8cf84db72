using System.Diagnostics;

namespace Kecs.AppHost.Tests;

/// <summary>Polls a condition until it holds, failing the test with what was awaited once the patience runs out.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), () => what);

    public static Task TrueAsync(Func<bool> condition, Func<string> what) => TrueAsync(() => Task.FromResult(condition()), what);

    public static Task TrueAsync(Func<Task<bool>> condition, string what) => TrueAsync(condition, () => what);

    /// <param name="what">Worded when the wait fails, so it can describe the state at that moment.</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Patience, $"waited {Patience.TotalSeconds:0} s for {what()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
