namespace Kecs.Bench.Load;

/// <summary>Eight workers taking the next index until all are done: how the bench stores many resources quickly.</summary>
public static class Workers
{
    public static Task EachAsync(int count, Func<int, Task> call)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await call(i);
            }
        })));
    }
}
