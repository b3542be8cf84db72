using DuckDB.NET.Data;
using Kecs.EcsApi.Admin;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Folds <c>row_versions</c> into the tables: for each table, the rows with a newer version are deleted and their
/// latest versions inserted, set-based (a few statements however many rows), then the versions are dropped.
/// Runs inside the caller's transaction. <see cref="SelectAsMerged"/> reads a table as a merge would leave it.
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
        CollectLatestVersions(connection, through);
        foreach (var table in Table.All)
        {
            var types = ColumnTypes(connection, table);
            connection.Execute($"DELETE FROM {table.Name} WHERE {KeyOf(table)} IN (SELECT key FROM latest_versions WHERE tbl = $1)", table.Name);
            connection.Execute($"INSERT INTO {table.Name} {SelectLatestVersions(table, types, (column, _) => column)}", table.Name);
        }

        connection.Execute("DELETE FROM row_versions WHERE version <= $1", through);
        connection.Execute("DROP TABLE latest_versions");
        // Only each resource's latest change matters to the feed; older ones would only slow the next start.
        connection.Execute("DELETE FROM changes WHERE sequence NOT IN (SELECT max(sequence) FROM changes GROUP BY kind, arn)");
    }

    /// <summary>The temporary table <c>latest_versions</c>: each row's latest version up to <paramref name="through"/>.</summary>
    public static void CollectLatestVersions(DuckDBConnection connection, long through = long.MaxValue) =>
        connection.Execute(
            "CREATE OR REPLACE TEMP TABLE latest_versions AS SELECT tbl, key, max(version) AS version FROM row_versions WHERE version <= $1 GROUP BY tbl, key",
            through);

    public static Dictionary<string, string> ColumnTypes(DuckDBConnection connection, Table table) =>
        StateTables.Columns(connection, table.Name).ToDictionary(column => column.Name, column => column.Type);

    /// <summary>
    /// A query (its one parameter the table's name) of the table's rows as a merge through the versions in
    /// <c>latest_versions</c> would leave them: the stored rows no version replaces, then the latest version of every
    /// other row that is not a deletion. <paramref name="project"/> turns each column, given as an expression of the
    /// table's type and that type, into what is selected.
    /// </summary>
    public static string SelectAsMerged(Table table, IReadOnlyDictionary<string, string> types, Func<string, string, string> project) =>
        $"""
        SELECT {string.Join(", ", table.Columns.Select(column => project(column, types[column])))}
        FROM {table.Name} WHERE {KeyOf(table)} NOT IN (SELECT key FROM latest_versions WHERE tbl = $1)
        UNION ALL
        {SelectLatestVersions(table, types, project)}
        """;

    /// <summary>The latest version of each row in <c>latest_versions</c> that is not a deletion, as the table's columns.</summary>
    private static string SelectLatestVersions(Table table, IReadOnlyDictionary<string, string> types, Func<string, string, string> project)
    {
        // One JSON parse per row: the list form of json_extract_string reads every column in one pass.
        var paths = string.Join(", ", table.Columns.Select((_, i) => $"'$[{i}]'"));
        var values = table.Columns.Select((column, i) => project($"CAST(c[{i + 1}] AS {types[column]})", types[column]));
        return $"""
            SELECT {string.Join(", ", values)}
            FROM (SELECT json_extract_string(columns, [{paths}]) AS c FROM row_versions
                  WHERE tbl = $1 AND NOT deleted AND version IN (SELECT version FROM latest_versions WHERE tbl = $1))
            """;
    }

    /// <summary>A row's key as <c>row_versions</c> holds it: the key columns joined by newlines.</summary>
    private static string KeyOf(Table table) => table.KeyColumns.Length == 1
        ? $"CAST({table.KeyColumns[0]} AS VARCHAR)"
        : $"concat_ws(chr(10), {string.Join(", ", table.KeyColumns)})";
}
