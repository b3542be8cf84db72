using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Writes the rows a group of writes changed into DuckDB as one INSERT into <c>row_versions</c>: each row's new
/// version (its columns as a JSON array) or its deletion. DuckDB finds a row to update or delete only by scanning
/// its table (it does not use the primary key's index for that), so changing rows in place cost more the more there
/// were; appending costs the same whatever the table holds. <see cref="RowVersionMerge"/> folds the versions into
/// the tables at start and whenever enough have gathered.
/// </summary>
internal static class RowPersistence
{
    private const int RowsPerStatement = 200;

    /// <summary>
    /// Appends the changes (only each row's last one) after <paramref name="lastVersion"/> in one transaction;
    /// returns how many were written.
    /// </summary>
    public static int Write(DuckDBConnection connection, IEnumerable<(IRow Row, bool Deleted)> changes, long lastVersion)
    {
        var latest = new Dictionary<(Table, string), (IRow Row, bool Deleted)>();
        foreach (var change in changes)
        {
            latest[(change.Row.Table, change.Row.Key)] = change;
        }

        var statements = latest.Values.Chunk(RowsPerStatement).ToList();
        // A single statement is a transaction of its own; BEGIN and COMMIT would add two statements to the commonest write.
        using var transaction = statements.Count > 1 ? connection.BeginTransaction() : null;
        var version = lastVersion;
        foreach (var chunk in statements)
        {
            var sql = new StringBuilder("INSERT INTO row_versions VALUES ");
            var parameters = new List<object?>();
            foreach (var (row, deleted) in chunk)
            {
                sql.Append(parameters.Count == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"(${parameters.Count + 1}, ${parameters.Count + 2}, ${parameters.Count + 3}, ${parameters.Count + 4}, ${parameters.Count + 5})");
                parameters.AddRange([++version, row.Table.Name, row.Key, deleted, deleted ? "[]" : ColumnsJson(row.Columns())]);
            }

            connection.Execute(sql.ToString(), [.. parameters]);
        }

        transaction?.Commit();
        return latest.Count;
    }

    /// <summary>The columns as a JSON array, times written as DuckDB reads a TIMESTAMPTZ.</summary>
    private static string ColumnsJson(object?[] columns)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var column in columns)
            {
                switch (column)
                {
                    case null:
                        json.WriteNullValue();
                        break;
                    case string text:
                        json.WriteStringValue(text);
                        break;
                    case byte[] utf8:
                        json.WriteStringValue(utf8);
                        break;
                    case int number:
                        json.WriteNumberValue(number);
                        break;
                    case long number:
                        json.WriteNumberValue(number);
                        break;
                    case DateTimeOffset time:
                        json.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture));
                        break;
                    default:
                        throw new ArgumentException($"A column of type {column.GetType().Name} cannot be stored.", nameof(columns));
                }
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
