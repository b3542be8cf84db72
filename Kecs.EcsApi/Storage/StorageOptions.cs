namespace Kecs.EcsApi.Storage;

/// <summary>Where the state database lives, bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string DatabaseFileName = "kecs.duckdb";

    /// <summary>Directory of the DuckDB file; <c>~/.kecs/data</c> unless configured.</summary>
    public string DataDirectory { get; set; } =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kecs", "data");

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);

    /// <summary>
    /// How many row versions the writer appends before it merges them into the tables (a few hundred milliseconds
    /// for the default, during which writes wait). Fewer make each merge shorter and more frequent.
    /// </summary>
    public int VersionsBeforeMerge { get; set; } = 20_000;

    /// <summary>For the crash test only: the process stops dead right after its first DuckDB commit, before the new state is published.</summary>
    public bool CrashAfterCommit { get; set; }
}
