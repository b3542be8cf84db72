using DuckDB.NET.Data;
using Kecs.EcsApi.Admin;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Folds <c>row_versions</c> into the tables: for each table, the rows with a newer version are deleted and their
/// latest versions inserted, set-based (a few statements however many rows), then the versions are dropped.
/// Runs inside the caller's transaction.
/// </summary>
internal static class RowVersionMerge
{
    /// <param name="through">The last version to merge; later ones (written while a merge runs) stay for the next.</param>
    public static void Run(DuckDBConnection connection, long through = long.MaxValue)
    {
        if (connection.Scalar<long>("SELECT count(*) FROM row_versions WHERE version <= $1", through) == 0)
        {
            return;
        }

        // Only (table, key, version) is grouped in memory; each table's documents then stream through once, so the
        // merge needs little memory however many versions gathered (DuckDB's memory is capped: see EcsDatabase).
        connection.Execute(
            "CREATE OR REPLACE TEMP TABLE latest_versions AS SELECT tbl, key, max(version) AS version FROM row_versions WHERE version <= $1 GROUP BY tbl, key",
            through);
        foreach (var table in Table.All)
        {
            var types = StateTables.Columns(connection, table.Name).ToDictionary(c => c.Name, c => c.Type);
            var key = table.KeyColumns.Length == 1
                ? $"CAST({table.KeyColumns[0]} AS VARCHAR)"
                : $"concat_ws(chr(10), {string.Join(", ", table.KeyColumns)})";
            connection.Execute($"DELETE FROM {table.Name} WHERE {key} IN (SELECT key FROM latest_versions WHERE tbl = $1)", table.Name);
            // One JSON parse per row: the list form of json_extract_string reads every column in one pass.
            var paths = string.Join(", ", table.Columns.Select((_, i) => $"'$[{i}]'"));
            var values = table.Columns.Select((column, i) => $"CAST(c[{i + 1}] AS {types[column]})");
            connection.Execute(
                $"""
                INSERT INTO {table.Name} SELECT {string.Join(", ", values)}
                FROM (SELECT json_extract_string(columns, [{paths}]) AS c FROM row_versions
                      WHERE tbl = $1 AND NOT deleted AND version IN (SELECT version FROM latest_versions WHERE tbl = $1))
                """,
                table.Name);
        }

        connection.Execute("DELETE FROM row_versions WHERE version <= $1", through);
        connection.Execute("DROP TABLE latest_versions");
    }
}
