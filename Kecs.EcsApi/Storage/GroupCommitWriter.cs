using System.Threading.Channels;
using DuckDB.NET.Data;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// The one writer of the database. Writes queue here and run one after another on a single loop; the writes
/// that queued while the previous transaction ran share the next one (group commit), because a DuckDB commit
/// costs more than most writes. A write's caller is answered only after its transaction committed.
/// If any write of a group fails, the group is rolled back and its writes run again, each in a transaction of
/// its own, so one failing request never fails or changes another. A write may therefore run twice: it must
/// read and change only the database and objects it creates.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private const int MaxGroup = 64;
    private readonly Func<DuckDBConnection> _open;
    private readonly Action _committed;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public GroupCommitWriter(Func<DuckDBConnection> open, Action committed)
    {
        _open = open;
        _committed = committed;
        _loop = Task.Run(RunLoopAsync);
    }

    public Task<T> WriteAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellation)
    {
        var pending = new PendingWrite<T>(write, cancellation);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EcsDatabase), "The database is closing.");
        }

        return pending.Completion;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task RunLoopAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending))
            {
                if (!pending.CancelIfAbandoned())
                {
                    group.Add(pending);
                }
            }

            if (group.Count == 1 || !TryCommitTogether(group))
            {
                group.ForEach(CommitAlone);
            }
        }
    }

    private bool TryCommitTogether(List<PendingWrite> group)
    {
        try
        {
            using var connection = _open();
            using var transaction = connection.BeginTransaction();
            group.ForEach(pending => pending.Run(connection));
            transaction.Commit();
        }
        catch (Exception)
        {
            // Rolled back as the transaction is disposed; each write runs again alone and meets its own fate.
            return false;
        }

        _committed();
        group.ForEach(pending => pending.Succeed());
        return true;
    }

    private void CommitAlone(PendingWrite pending)
    {
        try
        {
            using var connection = _open();
            using var transaction = connection.BeginTransaction();
            pending.Run(connection);
            transaction.Commit();
        }
        catch (Exception e)
        {
            pending.Fail(e);
            return;
        }

        _committed();
        pending.Succeed();
    }

    private abstract class PendingWrite
    {
        public abstract bool CancelIfAbandoned();
        public abstract void Run(DuckDBConnection connection);
        public abstract void Succeed();
        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Func<DuckDBConnection, T> write, CancellationToken cancellation) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _answer.Task;

        /// <summary>A caller that gave up before its write started gets a cancelled task and the write never runs.</summary>
        public override bool CancelIfAbandoned() => cancellation.IsCancellationRequested && _answer.TrySetCanceled(cancellation);

        public override void Run(DuckDBConnection connection) => _result = write(connection);

        public override void Fail(Exception error) => _answer.TrySetException(error);

        public override void Succeed() => _answer.TrySetResult(_result!);
    }
}
