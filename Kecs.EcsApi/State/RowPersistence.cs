using System.Text;
using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Writes the rows a group of writes changed into DuckDB: only each row's last version, many rows per statement
/// (DuckDB's cost is per statement far more than per row; an upsert costs it twice an insert). Memory knows which
/// rows were stored before, so those are deleted first and the new versions of all rows inserted.
/// </summary>
internal static class RowPersistence
{
    private const int RowsPerStatement = 50;

    public static void Write(DuckDBConnection connection, IEnumerable<(IRow Row, bool Deleted)> changes, EcsState before)
    {
        var latest = new Dictionary<(Table, string), (IRow Row, bool Deleted)>();
        foreach (var change in changes)
        {
            latest[(change.Row.Table, change.Row.Key)] = change;
        }

        foreach (var table in latest.Values.GroupBy(change => change.Row.Table))
        {
            // A changed row is deleted and inserted again: two statements for any number of rows, where UPDATE takes one per row.
            foreach (var chunk in table.Where(c => before.Contains(table.Key, c.Row.Key)).Select(c => c.Row).Chunk(RowsPerStatement))
            {
                Delete(connection, table.Key, chunk);
            }

            foreach (var chunk in table.Where(c => !c.Deleted).Select(c => c.Row).Chunk(RowsPerStatement))
            {
                Insert(connection, table.Key, chunk);
            }
        }
    }

    private static void Insert(DuckDBConnection connection, Table table, IRow[] rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table.Name} VALUES ");
        var parameters = new List<object?>();
        foreach (var row in rows)
        {
            var columns = row.Columns();
            sql.Append(parameters.Count == 0 ? "(" : ", (");
            sql.AppendJoin(", ", columns.Select((_, i) => $"${parameters.Count + i + 1}"));
            sql.Append(')');
            parameters.AddRange(columns);
        }

        connection.Execute(sql.ToString(), [.. parameters]);
    }

    private static void Delete(DuckDBConnection connection, Table table, IRow[] rows)
    {
        var parameters = new List<object?>();
        var conditions = rows.Select(row =>
        {
            var condition = string.Join(" AND ", table.KeyColumns.Select((column, i) => $"{column} = ${parameters.Count + i + 1}"));
            parameters.AddRange(row.KeyValues);
            return $"({condition})";
        }).ToList();
        connection.Execute($"DELETE FROM {table.Name} WHERE {string.Join(" OR ", conditions)}", [.. parameters]);
    }
}
