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
    /// How many row versions gather before they are merged into the tables, beside the writes. The versions not yet
    /// merged when EcsApi stops are merged at its next start, so fewer make that start shorter and merges more frequent.
    /// </summary>
    public int VersionsBeforeMerge { get; set; } = 5_000;

    /// <summary>For the crash test only: the process stops dead right after its first DuckDB commit, before the new state is published.</summary>
    public bool CrashAfterCommit { get; set; }
}
