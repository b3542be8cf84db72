using Kecs.EcsApi.Storage;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Tests;

public sealed class EcsDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kecs-database-").FullName;

    [Fact]
    public void DuckDB_caches_a_bounded_amount_of_memory_not_a_share_of_the_machine()
    {
        using var database = new EcsDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));

        var limit = database.Read(connection => connection.Scalar<string>("SELECT current_setting('memory_limit')"));

        Assert.Equal("244.1 MiB", limit);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
