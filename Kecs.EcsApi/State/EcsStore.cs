using System.Diagnostics;
using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.State;

/// <summary>
/// The ECS state as EcsApi serves it (DESIGN decision 2): the whole of it in memory, loaded from DuckDB at start;
/// every read takes <see cref="Current"/> and never opens a DuckDB statement, and every write goes through the one
/// writer, which persists its rows in DuckDB before it publishes the new state and answers.
/// </summary>
public sealed partial class EcsStore : IDisposable
{
    private readonly EcsDatabase _database;
    private readonly GroupCommitWriter _writer;
    private EcsState _current;
    private long _commits;

    public EcsStore(EcsDatabase database, ChangeNotifier notifier, IOptions<StorageOptions> options, ILogger<EcsStore> logger)
    {
        _database = database;
        var loading = Stopwatch.StartNew();
        _current = database.Read(StateLoader.Load);
        LogLoaded(logger, _current.Clusters.Count, _current.Services.Count, _current.Tasks.Count, _current.TaskDefinitions.Count, loading.ElapsedMilliseconds);
        var crashAfterCommit = options.Value.CrashAfterCommit;
        _writer = new GroupCommitWriter(database, () => Current, Publish, () =>
        {
            if (crashAfterCommit)
            {
                Environment.FailFast("Storage:CrashAfterCommit: stopping between a DuckDB commit and publishing its state.");
            }
        }, options.Value.VersionsBeforeMerge, error => LogMergeFailed(logger, error));

        void Publish(EcsState state)
        {
            Volatile.Write(ref _current, state);
            Interlocked.Increment(ref _commits);
            LastWriteAt = DateTimeOffset.UtcNow;
            notifier.Committed();
        }
    }

    /// <summary>The state as of the last commit.</summary>
    public EcsState Current => Volatile.Read(ref _current);

    public string DatabasePath => _database.Path;

    /// <summary>Runs a read against the state as of the last commit.</summary>
    public T Read<T>(Func<EcsState, T> read) => read(Current);

    /// <summary>How many transactions the writer has committed since start.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>When the last write committed; null until one has since this process started.</summary>
    public DateTimeOffset? LastWriteAt { get; private set; }

    /// <summary>
    /// Runs a write against the state and answers once its rows committed. It may run twice (see
    /// <see cref="GroupCommitWriter"/>): it must change the state only through the <see cref="StateWrite"/> it is given.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<StateWrite, T> write, CancellationToken cancellation) => _writer.WriteAsync(write, cancellation);

    /// <summary>Changes the tables directly (reset, import), alone in a transaction; the state is then loaded again.</summary>
    public Task<T> ReplaceAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellation) => _writer.ReplaceAsync(write, cancellation);

    /// <summary>Reads the tables through the writer, after the row versions were merged into them (a snapshot export).</summary>
    public Task<T> ReadTablesAsync<T>(Func<DuckDBConnection, T> read, CancellationToken cancellation) => _writer.ReadTablesAsync(read, cancellation);

    public void Dispose() => _writer.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merging row versions into the tables failed; they stay in row_versions, and the merge is tried again once as many versions again have gathered.")]
    private static partial void LogMergeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Loaded {Clusters} clusters, {Services} services, {Tasks} tasks and {TaskDefinitions} task definitions from the database in {Milliseconds} ms.")]
    private static partial void LogLoaded(ILogger logger, int clusters, int services, int tasks, int taskDefinitions, long milliseconds);
}
