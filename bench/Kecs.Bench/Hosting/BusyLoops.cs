namespace Kecs.Bench.Hosting;

/// <summary>CPU-bound processes competing with what is measured, as other builds on a shared CI machine do.</summary>
public sealed class BusyLoops : IAsyncDisposable
{
    private readonly List<ChildProcess> _loops;

    private BusyLoops(List<ChildProcess> loops) => _loops = loops;

    public static BusyLoops Start(int count) =>
        new(Enumerable.Range(0, count).Select(_ => ChildProcess.Start("sh", ["-c", "while :; do :; done"], "/", new Dictionary<string, string>())).ToList());

    public async ValueTask DisposeAsync()
    {
        foreach (var loop in _loops)
        {
            await loop.DisposeAsync();
        }
    }
}
