using System.Diagnostics;
using System.Threading.Channels;
using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// The one writer. Writes queue here and run one after another on a single loop, each against the state left by
/// the writes before it; those that queued while the previous group was persisted form the next group, whose rows
/// go to DuckDB in one transaction (a commit costs more than most writes). Only after that commit is the new state
/// published and are the writes answered, so an acknowledged write is durable and readers never see one that is not.
/// A write that throws changed nothing. If the group's transaction fails, each write runs again alone against the
/// committed state, so one write's failure never fails another; a write may therefore run twice and must only
/// change the state through its <see cref="StateWrite"/>.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private const int MaxGroup = 64;

    /// <summary>EcsApi's own spans (Kecs.ServiceDefaults traces the source named after the application).</summary>
    private static readonly ActivitySource Spans = new(typeof(GroupCommitWriter).Assembly.GetName().Name!);

    private readonly EcsDatabase _database;
    private readonly DuckDBConnection _connection;
    private readonly Func<EcsState> _current;
    private readonly Action<EcsState> _publish;
    private readonly Action _committing;
    private readonly Action<Exception> _mergeFailed;
    private readonly int _versionsBeforeMerge;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _lastVersion;
    private long _mergeAt;
    private Task _merging = Task.CompletedTask;

    /// <param name="committing">Runs after a DuckDB commit and before its state is published (a crash test stops the process there).</param>
    public GroupCommitWriter(
        EcsDatabase database, Func<EcsState> current, Action<EcsState> publish, Action committing, int versionsBeforeMerge,
        Action<Exception> mergeFailed)
    {
        _versionsBeforeMerge = versionsBeforeMerge;
        _mergeFailed = mergeFailed;
        _database = database;
        _current = current;
        _publish = publish;
        _committing = committing;
        // The loop's own connection, kept open: opening one costs about a third of a one-row commit.
        _connection = database.Open();
        // The versions the last run left unmerged (the state was loaded over them) are merged beside the first writes.
        _lastVersion = _connection.Scalar<long>("SELECT coalesce(max(version), 0) FROM row_versions");
        _mergeAt = _lastVersion + versionsBeforeMerge;
        if (_lastVersion > 0)
        {
            var through = _lastVersion;
            _merging = Task.Run(() => MergeVersions(through));
        }

        _loop = Task.Run(RunLoopAsync);
    }

    public Task<T> WriteAsync<T>(Func<StateWrite, T> write, CancellationToken cancellation) =>
        Enqueue(new StateChange<T>(write, cancellation));

    /// <summary>A write straight to the database's tables, alone in its transaction; the state is then read again from it.</summary>
    public Task<T> ReplaceAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellation) =>
        Enqueue(new TableReplacement<T>(write, Reload: true, cancellation));

    /// <summary>A read of the database's tables as they stand after the last commit (the row versions merged first).</summary>
    public Task<T> ReadTablesAsync<T>(Func<DuckDBConnection, T> read, CancellationToken cancellation) =>
        Enqueue(new TableReplacement<T>(read, Reload: false, cancellation));

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
        _merging.GetAwaiter().GetResult();
        _connection.Dispose();
    }

    private Task<T> Enqueue<T>(PendingWrite<T> pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EcsStore), "The state store is closing.");
        }

        return pending.Completion;
    }

    private async Task RunLoopAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryPeek(out var next) && (group.Count == 0 || next is not IReplacesTables))
            {
                _queue.Reader.TryRead(out _);
                if (!next.CancelIfAbandoned())
                {
                    group.Add(next);
                }

                if (next is IReplacesTables)
                {
                    break;
                }
            }

            switch (group)
            {
                case []:
                    break;
                case [IReplacesTables replacement]:
                    await _merging;
                    Replace(group[0], replacement);
                    break;
                case [var alone]:
                    CommitAlone(alone);
                    break;
                default:
                    if (!TryCommitTogether(group))
                    {
                        group.ForEach(CommitAlone);
                    }

                    break;
            }
        }
    }

    private bool TryCommitTogether(List<PendingWrite> group)
    {
        var write = new StateWrite(_current());
        var rows = new List<(IRow, bool)>();
        foreach (var pending in group)
        {
            write = pending.Run(write, rows);
        }

        if (!TryPersist(group, rows, write.State, out _))
        {
            return false;
        }

        group.ForEach(pending => pending.Answer());
        return true;
    }

    private void CommitAlone(PendingWrite pending)
    {
        var rows = new List<(IRow, bool)>();
        var write = pending.Run(new StateWrite(_current()), rows);
        if (TryPersist([pending], rows, write.State, out var error))
        {
            pending.Answer();
        }
        else
        {
            pending.Fail(error!);
        }
    }

    private bool TryPersist(List<PendingWrite> writes, List<(IRow, bool)> rows, EcsState after, out Exception? error)
    {
        error = null;
        if (rows.Count == 0)
        {
            return true;
        }

        using (var span = StartCommitSpan(writes, rows.Count))
        {
            try
            {
                _lastVersion += RowPersistence.Write(_connection, rows, _lastVersion);
            }
            catch (Exception e)
            {
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                error = e;
                return false;
            }
        }

        _committing();
        _publish(after);
        if (_lastVersion >= _mergeAt && _merging.IsCompleted)
        {
            // The next merge is due a threshold later whether this one succeeds or fails: a merge that fails leaves
            // its versions for the next, and is not tried again on every commit (each attempt reads every version).
            _mergeAt = _lastVersion + _versionsBeforeMerge;
            var through = _lastVersion;
            _merging = Task.Run(() => MergeVersions(through));
        }

        return true;
    }

    /// <summary>
    /// The commit as a span of the request whose write it carries; a commit of several requests' writes is a span of
    /// the first, linked to the others.
    /// </summary>
    private static Activity? StartCommitSpan(List<PendingWrite> writes, int rows) =>
        Spans.StartActivity(
                "DuckDB commit", ActivityKind.Client, writes[0].Caller,
                links: writes.Skip(1).Where(w => w.Caller != default).Select(w => new ActivityLink(w.Caller)))
            ?.SetTag("db.system.name", "duckdb")
            .SetTag("db.operation.name", "COMMIT")
            .SetTag("kecs.writes", writes.Count)
            .SetTag("kecs.rows", rows);

    /// <summary>
    /// Folds the versions written so far into the tables on a connection of its own, while the loop goes on
    /// committing (it only appends versions after <paramref name="through"/>, which this merge leaves alone): a merge
    /// reads every version and used to hold every write for up to half a second.
    /// </summary>
    private void MergeVersions(long through)
    {
        try
        {
            using var connection = _database.Open();
            using var transaction = connection.BeginTransaction();
            RowVersionMerge.Run(connection, through);
            transaction.Commit();
        }
        catch (Exception e)
        {
            // The versions stay and keep the state whole.
            _mergeFailed(e);
        }
    }

    private void Replace(PendingWrite pending, IReplacesTables replacement)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            RowVersionMerge.Run(_connection);
            replacement.RunOn(_connection);
            var state = replacement.Reload ? StateLoader.Load(_connection) : null;
            transaction.Commit();
            _mergeAt = _lastVersion + _versionsBeforeMerge;
            if (state is not null)
            {
                _committing();
                _publish(state);
            }

            pending.Answer();
        }
        catch (Exception e)
        {
            pending.Fail(e);
        }
    }

    private abstract class PendingWrite
    {
        /// <summary>The span of the request that queued the write (the loop runs outside it).</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public abstract bool CancelIfAbandoned();

        /// <summary>Runs the write after <paramref name="before"/>; on success adds its rows and returns its state, on failure returns <paramref name="before"/>.</summary>
        public abstract StateWrite Run(StateWrite before, List<(IRow, bool)> rows);

        /// <summary>Answers with the outcome of the last run, once it is durable.</summary>
        public abstract void Answer();

        public abstract void Fail(Exception error);
    }

    private abstract class PendingWrite<T>(CancellationToken cancellation) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        protected T? Result;
        protected Exception? Error;

        public Task<T> Completion => _answer.Task;

        /// <summary>A caller that gave up before its write started gets a cancelled task and the write never runs.</summary>
        public override bool CancelIfAbandoned() => cancellation.IsCancellationRequested && _answer.TrySetCanceled(cancellation);

        public override void Answer()
        {
            if (Error is null)
            {
                _answer.TrySetResult(Result!);
            }
            else
            {
                _answer.TrySetException(Error);
            }
        }

        public override void Fail(Exception error) => _answer.TrySetException(error);
    }

    private sealed class StateChange<T>(Func<StateWrite, T> write, CancellationToken cancellation) : PendingWrite<T>(cancellation)
    {
        public override StateWrite Run(StateWrite before, List<(IRow, bool)> rows)
        {
            var attempt = new StateWrite(before.State);
            try
            {
                (Result, Error) = (write(attempt), null);
            }
            catch (Exception e)
            {
                (Result, Error) = (default, e);
                return before;
            }

            rows.AddRange(attempt.Rows);
            return attempt;
        }
    }

    private interface IReplacesTables
    {
        /// <summary>Whether the state is loaded again from the tables afterwards (false for a read).</summary>
        bool Reload { get; }

        void RunOn(DuckDBConnection connection);
    }

    private sealed class TableReplacement<T>(Func<DuckDBConnection, T> write, bool Reload, CancellationToken cancellation)
        : PendingWrite<T>(cancellation), IReplacesTables
    {
        bool IReplacesTables.Reload => Reload;

        public override StateWrite Run(StateWrite before, List<(IRow, bool)> rows) =>
            throw new InvalidOperationException("A table replacement runs alone.");

        public void RunOn(DuckDBConnection connection) => (Result, Error) = (write(connection), null);
    }
}
