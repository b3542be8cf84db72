namespace Kecs.EcsApi.Storage;

/// <summary>Wakes long-polling readers of the change feed whenever a write has committed.</summary>
public sealed class ChangeNotifier
{
    private TaskCompletionSource _next = NewSignal();

    /// <summary>A task that completes at the next commit after this call.</summary>
    public Task NextCommit => Volatile.Read(ref _next).Task;

    public void Committed() => Interlocked.Exchange(ref _next, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
