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
    public static void Run(DuckDBConnection connection)
    {
        if (connection.Scalar<long>("SELECT count(*) FROM row_versions") == 0)
        {
            return;
        }

        connection.Execute(
            """
            CREATE OR REPLACE TEMP TABLE latest_versions AS
            SELECT tbl, key, deleted, columns::JSON AS columns FROM row_versions
            QUALIFY row_number() OVER (PARTITION BY tbl, key ORDER BY version DESC) = 1
            """);
        foreach (var table in Table.All)
        {
            var types = StateTables.Columns(connection, table.Name).ToDictionary(c => c.Name, c => c.Type);
            var key = table.KeyColumns.Length == 1
                ? $"CAST({table.KeyColumns[0]} AS VARCHAR)"
                : $"concat_ws(chr(10), {string.Join(", ", table.KeyColumns)})";
            connection.Execute($"DELETE FROM {table.Name} WHERE {key} IN (SELECT key FROM latest_versions WHERE tbl = $1)", table.Name);
            var values = table.Columns.Select((column, i) => $"CAST(columns->>{i} AS {types[column]})");
            connection.Execute(
                $"INSERT INTO {table.Name} SELECT {string.Join(", ", values)} FROM latest_versions WHERE tbl = $1 AND NOT deleted",
                table.Name);
        }

        connection.Execute("DELETE FROM row_versions");
        connection.Execute("DROP TABLE latest_versions");
    }
}
