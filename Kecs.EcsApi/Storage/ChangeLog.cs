using DuckDB.NET.Data;

namespace Kecs.EcsApi.Storage;

/// <summary>The kinds of resource the Scheduler follows through the change feed.</summary>
public static class ChangeKind
{
    public const string Cluster = "cluster";
    public const string Service = "service";
    public const string Task = "task";
}

/// <summary>
/// Appends to the change feed inside the writing transaction, so a change is visible exactly when the
/// state it describes is. Sequence numbers only grow: writes are serialised, so they commit in order.
/// </summary>
public static class ChangeLog
{
    public static void Record(DuckDBConnection connection, string kind, string arn) =>
        connection.Execute("INSERT INTO changes SELECT nextval('change_sequence'), $1, $2", kind, arn);
}
