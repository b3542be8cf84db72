using DuckDB.NET.Data;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// The one writer: writes that queue while another runs share the next transaction, a failing write never takes
/// another down, and readers see a write only once it is committed in DuckDB.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kecs-group-commit-").FullName;
    private EcsDatabase? _database;
    private EcsStore _store;

    public GroupCommitTests() => _store = Open();

    [Fact]
    public async Task Writes_queued_behind_a_running_one_commit_together()
    {
        var (blocker, release) = BlockTheWriter();
        var commitsBefore = _store.Commits;
        var queued = Enumerable.Range(0, 5).Select(i => Put($"row {i}")).ToList();

        release.Set();
        await blocker;
        await Task.WhenAll(queued);

        Assert.Equal(1, _store.Commits - commitsBefore);
        Assert.Equal(5, Names(_store).Count);
    }

    [Fact]
    public async Task A_write_that_fails_in_a_group_leaves_nothing_and_the_others_commit()
    {
        var (blocker, release) = BlockTheWriter();
        var first = Put("first");
        var failing = _store.WriteAsync<int>(write =>
        {
            write.Put(Setting("half"));
            throw new InvalidOperationException("this write fails after writing");
        }, Cancel);
        var last = Put("last");

        release.Set();
        await blocker;

        await first;
        await last;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this write fails after writing", error.Message);
        Assert.Equal(["first", "last"], Names(_store));
        Assert.Equal(["first", "last"], Names(Reopen()));
    }

    [Fact]
    public async Task A_write_whose_caller_gave_up_before_it_started_never_runs()
    {
        var (blocker, release) = BlockTheWriter();
        using var gaveUp = new CancellationTokenSource();
        var ran = false;
        var abandoned = _store.WriteAsync(write =>
        {
            ran = true;
            write.Put(Setting("abandoned"));
            return 0;
        }, gaveUp.Token);
        await gaveUp.CancelAsync();

        release.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.False(ran);
        Assert.Empty(Names(_store));
    }

    [Fact]
    public async Task Readers_see_a_write_only_after_it_committed()
    {
        var written = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var write = _store.WriteAsync(write =>
        {
            write.Put(Setting("pending"));
            written.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }, Cancel);
        Assert.True(written.Wait(TimeSpan.FromSeconds(30), Cancel));

        Assert.Empty(Names(_store));

        release.Set();
        await write;
        Assert.Equal(["pending"], Names(_store));
    }

    [Fact]
    public async Task Every_acknowledged_write_is_in_the_database_as_memory_has_it()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Put($"row {i:D2}")));
        await _store.WriteAsync(write =>
        {
            write.Delete(write.State.AccountSettings.Values.Single(row => row.Name == "row 07"));
            return 0;
        }, Cancel);

        var memory = _store.Current.AccountSettings;
        var reopened = Reopen().Current.AccountSettings;
        Assert.Equal(39, reopened.Count);
        Assert.Equal(memory.OrderBy(pair => pair.Key), reopened.OrderBy(pair => pair.Key));
    }

    [Fact]
    public async Task Row_versions_are_merged_into_the_tables_as_they_gather_and_nothing_is_lost()
    {
        Reopen(versionsBeforeMerge: 10);
        for (var i = 0; i < 35; i++)
        {
            await Put($"row {i:D2}");
        }

        await _store.WriteAsync(write =>
        {
            write.Delete(write.State.AccountSettings.Values.Single(row => row.Name == "row 03"));
            return 0;
        }, Cancel);

        var tables = await _store.ReadTablesAsync(
            connection => (Versions: connection.Scalar<long>("SELECT count(*) FROM row_versions"),
                Settings: connection.Scalar<long>("SELECT count(*) FROM account_settings")), Cancel);
        Assert.Equal((0, 34), tables);
        await _store.WriteAsync(write =>
        {
            write.Put(Setting("after the merge"));
            return 0;
        }, Cancel);
        Assert.Equal(35, Reopen().Current.AccountSettings.Count);
    }

    [Fact]
    public async Task The_state_loads_over_unmerged_versions_without_merging_them()
    {
        await Put("kept");
        await Put("changed");
        await Put("deleted");
        await _store.ReadTablesAsync(connection => 0, Cancel);
        await _store.WriteAsync(write =>
        {
            write.Put(Setting("changed") with { Value = "disabled" });
            write.Delete(write.State.AccountSettings.Values.Single(row => row.Name == "deleted"));
            write.Put(Setting("added"));
            return 0;
        }, Cancel);
        _store.Dispose();

        var loaded = _database!.Read(StateLoader.Load);

        Assert.Equal(["added", "changed", "kept"], loaded.AccountSettings.Values.Select(row => row.Name).Order(StringComparer.Ordinal));
        Assert.Equal("disabled", loaded.AccountSettings.Values.Single(row => row.Name == "changed").Value);
        using var connection = _database.Open();
        Assert.Equal(3, connection.Scalar<long>("SELECT count(*) FROM row_versions WHERE tbl = 'account_settings'"));
        _store = Open();
    }

    [Fact]
    public async Task Versions_left_unmerged_by_the_last_run_are_merged_beside_the_first_writes()
    {
        for (var i = 0; i < 5; i++)
        {
            await Put($"row {i}");
            await _store.WriteAsync(write =>
            {
                write.Changed("service", "arn:aws:ecs:us-east-1:000000000000:service/c/s");
                return 0;
            }, Cancel);
        }

        Reopen();
        await Put("after the restart");

        // Dispose waits for the merge that started with the store.
        _store.Dispose();
        using (var connection = _database!.Open())
        {
            Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM row_versions WHERE tbl = 'account_settings'"));
            Assert.Equal(5, connection.Scalar<long>("SELECT count(*) FROM account_settings"));
            // The feed keeps each resource's latest change only.
            Assert.Equal(1, connection.Scalar<long>("SELECT count(*) FROM changes"));
        }

        _store = Open();
        Assert.Equal(6, _store.Current.AccountSettings.Count);
    }

    [Fact]
    public async Task Twenty_thousand_large_versions_merge_within_DuckDBs_memory_cap()
    {
        await PutLargeSettings(20_000);

        var merged = await _store.ReadTablesAsync(
            connection => connection.Scalar<long>("SELECT count(*) FROM account_settings WHERE length(value) = 4096"), Cancel);
        Assert.Equal(20_000, merged);
    }

    [Fact]
    public async Task Writes_are_answered_while_the_versions_merge_beside_them()
    {
        Reopen(versionsBeforeMerge: 10_000);
        await PutLargeSettings(20_000);

        await Put("written during the merge");

        // Merging 80 MB of versions takes far longer than one small write: had the write waited for the merge, only
        // its own version would be left.
        using var connection = _database!.Open();
        Assert.Equal(20_001, connection.Scalar<long>("SELECT count(*) FROM row_versions"));
        Assert.Equal(20_001, Reopen().Current.AccountSettings.Count);
    }

    [Fact]
    public async Task A_merge_that_fails_keeps_every_version_and_the_writes_go_on()
    {
        var failedMerges = new CountingLogger();
        Reopen(versionsBeforeMerge: 10, failedMerges);
        using (var connection = _database!.Open())
        {
            // A version whose columns are all missing breaks the NOT NULL columns of its table: every merge fails.
            connection.Execute("INSERT INTO row_versions VALUES (0, 'account_settings', 'broken', false, '[]')");
        }

        for (var i = 0; i < 1_000 && failedMerges.Warnings < 2; i++)
        {
            await Put($"row {i:D3}");
        }

        Assert.True(failedMerges.Warnings >= 2, "a failed merge is tried again");
        var written = _store.Current.AccountSettings.Count;
        using (var connection = _database!.Open())
        {
            connection.Execute("DELETE FROM row_versions WHERE key = 'broken'");
        }

        var merged = await _store.ReadTablesAsync(connection => connection.Scalar<long>("SELECT count(*) FROM account_settings"), Cancel);
        Assert.Equal(written, merged);
    }

    public void Dispose()
    {
        _store.Dispose();
        _database?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static AccountSettingRow Setting(string name) => new("us-east-1", "000000000000", "arn:aws:iam::000000000000:root", name, "enabled");

    private static List<string> Names(EcsStore store) => store.Current.AccountSettings.Values.Select(row => row.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>Settings of 4 KB each, in one write (80 MB of versions for 20,000).</summary>
    private Task<int> PutLargeSettings(int count) => _store.WriteAsync(write =>
    {
        var value = new string('v', 4096);
        for (var i = 0; i < count; i++)
        {
            write.Put(Setting($"large {i:D5}") with { Value = value });
        }

        return 0;
    }, Cancel);

    private Task<int> Put(string name) => _store.WriteAsync(write =>
    {
        write.Put(Setting(name));
        return 0;
    }, Cancel);

    private EcsStore Open(int versionsBeforeMerge = 20_000, ILogger<EcsStore>? logger = null)
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _directory, VersionsBeforeMerge = versionsBeforeMerge });
        _database = new EcsDatabase(options);
        return new EcsStore(_database, new ChangeNotifier(), options, logger ?? NullLogger<EcsStore>.Instance);
    }

    /// <summary>The store closed and opened again on the same file: what DuckDB holds, loaded into memory anew.</summary>
    private EcsStore Reopen(int versionsBeforeMerge = 20_000, ILogger<EcsStore>? logger = null)
    {
        _store.Dispose();
        _database?.Dispose();
        _store = Open(versionsBeforeMerge, logger);
        return _store;
    }

    /// <summary>A write that holds the writer until released, so the writes sent meanwhile queue up.</summary>
    private (Task Blocker, ManualResetEventSlim Release) BlockTheWriter()
    {
        var started = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var blocker = _store.WriteAsync(_ =>
        {
            started.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }, Cancel);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the writer never started the blocking write");
        return (blocker, release);
    }

    private sealed class CountingLogger : ILogger<EcsStore>
    {
        private int _warnings;

        public int Warnings => Volatile.Read(ref _warnings);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref _warnings);
            }
        }
    }
}
