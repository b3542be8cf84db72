using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// The one DuckDB database of Kecs. This process is its only owner (DuckDB allows one writer process per file).
/// An anchor connection stays open for the process lifetime so the database is opened once; the writer keeps a
/// connection of its own, and other units of work (a merge, the health check) open short-lived ones on the shared
/// instance. DuckDB runs each statement on the calling thread (<c>threads=1</c>): its statements are small, and
/// handing them to its worker threads cost more than it saved.
/// Its memory is capped (<c>memory_limit</c>; by default 80 % of the machine's): the blocks DuckDB caches only help the
/// load at start and the merges, and uncapped they grew EcsApi by up to 280 MB in the scale benchmark. The cap must
/// still hold the largest transaction (a snapshot import, 20,000 row versions).
/// Requests never read it: <see cref="State.EcsStore"/> serves them from memory and writes through here.
/// </summary>
public sealed class EcsDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly DuckDBConnection _anchor;

    public EcsDatabase(IOptions<StorageOptions> options)
    {
        Path = options.Value.DatabasePath;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = $"Data Source={Path};threads=1;memory_limit=256MB";
        _anchor = new DuckDBConnection(_connectionString);
        try
        {
            _anchor.Open();
        }
        catch (DuckDBException e) when (e.Message.Contains("Could not set lock", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The database {Path} is in use by another process (is another Kecs running with this data directory?). " +
                $"Stop it or choose another data directory. DuckDB said: {e.Message}", e);
        }

        Migrate(_anchor);
    }

    public string Path { get; }

    /// <summary>Runs a read in one transaction, so all its statements see one snapshot.</summary>
    public T Read<T>(Func<DuckDBConnection, T> read)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var result = read(connection);
        transaction.Commit();
        return result;
    }

    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public void Dispose() => _anchor.Dispose();

    private static void Migrate(DuckDBConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (steps INTEGER NOT NULL)");
        var applied = connection.Scalar<int?>("SELECT max(steps) FROM schema_version") ?? 0;
        if (applied > SchemaMigrations.Steps.Count)
        {
            throw new InvalidOperationException(
                $"The database was written by a newer Kecs (schema step {applied}; this build knows {SchemaMigrations.Steps.Count}).");
        }

        foreach (var step in SchemaMigrations.Steps.Skip(applied))
        {
            connection.Execute(step);
        }

        connection.Execute("DELETE FROM schema_version");
        connection.Execute("INSERT INTO schema_version VALUES ($1)", SchemaMigrations.Steps.Count);
        transaction.Commit();
    }
}
