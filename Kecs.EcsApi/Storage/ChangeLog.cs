using DuckDB.NET.Data;

namespace Kecs.EcsApi.Storage;

/// <summary>
/// Appends to the change feed table directly, for writes that replace tables (reset, import); the state is loaded
/// again after them, feed included. Other writes record changes through their <see cref="State.StateWrite"/>.
/// </summary>
public static class ChangeLog
{
    public static void Record(DuckDBConnection connection, string kind, string arn) =>
        connection.Execute("INSERT INTO changes SELECT coalesce(max(sequence), 0) + 1, $1, $2 FROM changes", kind, arn);
}
