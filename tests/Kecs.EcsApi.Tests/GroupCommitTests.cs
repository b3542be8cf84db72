using Kecs.EcsApi.Storage;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Tests;

/// <summary>Writes that queue while a transaction runs share the next one, and a failing write never takes another down.</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kecs-group-commit-").FullName;
    private readonly EcsDatabase _database;

    public GroupCommitTests()
    {
        _database = new EcsDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }), new ChangeNotifier());
        _database.WriteAsync(c => c.Execute("CREATE TABLE rows (name VARCHAR)"), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Writes_queued_behind_a_running_one_commit_together()
    {
        var (blocker, release) = BlockTheWriter();
        var queued = Enumerable.Range(0, 5)
            .Select(i => _database.WriteAsync(c => { c.Execute("INSERT INTO rows VALUES ($1)", $"row {i}"); return c.Scalar<long>("SELECT txid_current()"); }, Cancel))
            .ToList();

        release.Set();
        await blocker;
        var transactions = await Task.WhenAll(queued);

        Assert.Single(transactions.Distinct());
        Assert.Equal(5, Count());
    }

    [Fact]
    public async Task A_write_that_fails_in_a_group_leaves_nothing_and_the_others_commit()
    {
        var (blocker, release) = BlockTheWriter();
        var first = _database.WriteAsync(c => c.Execute("INSERT INTO rows VALUES ('first')"), Cancel);
        var failing = _database.WriteAsync<int>(c =>
        {
            c.Execute("INSERT INTO rows VALUES ('half')");
            throw new InvalidOperationException("this write fails after writing");
        }, Cancel);
        var last = _database.WriteAsync(c => c.Execute("INSERT INTO rows VALUES ('last')"), Cancel);

        release.Set();
        await blocker;

        await first;
        await last;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this write fails after writing", error.Message);
        Assert.Equal(["first", "last"], _database.Read(c => c.Query("SELECT name FROM rows ORDER BY name", r => r.GetString(0))));
    }

    [Fact]
    public async Task A_write_whose_caller_gave_up_before_it_started_never_runs()
    {
        var (blocker, release) = BlockTheWriter();
        using var gaveUp = new CancellationTokenSource();
        var abandoned = _database.WriteAsync(c => c.Execute("INSERT INTO rows VALUES ('abandoned')"), gaveUp.Token);
        await gaveUp.CancelAsync();

        release.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(0, Count());
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A write that holds the writer until released, so the writes sent meanwhile queue up.</summary>
    private (Task Blocker, ManualResetEventSlim Release) BlockTheWriter()
    {
        var started = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var blocker = _database.WriteAsync(_ =>
        {
            started.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }, Cancel);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the writer never started the blocking write");
        return (blocker, release);
    }

    private long Count() => _database.Read(c => c.Scalar<long>("SELECT count(*) FROM rows"));
}
