using DuckDB.NET.Data;
using Kecs.EcsApi.Admin;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Reads the whole state from DuckDB into memory, after folding the row versions into the tables: at start, and
/// after the state was replaced (reset, import).
/// </summary>
internal static class StateLoader
{
    public static EcsState Load(DuckDBConnection connection)
    {
        RowVersionMerge.Run(connection);
        // Only each resource's latest change matters to the feed; older ones would only slow the next start.
        connection.Execute("DELETE FROM changes WHERE sequence NOT IN (SELECT max(sequence) FROM changes GROUP BY kind, arn)");
        return EcsState.From(new StoredRows(
            Rows(connection, "clusters", r => new ClusterRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Utf8(r, 5))),
            Rows(connection, "task_definition_families", r => new TaskDefinitionFamilyRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3))),
            Rows(connection, "task_definitions",
                r => new TaskDefinitionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), Utf8(r, 6))),
            Rows(connection, "services",
                r => new ServiceRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), r.GetString(5), Text(r, 6),
                    Text(r, 7), r.GetString(8), Utf8(r, 9))),
            Rows(connection, "tasks",
                r => new TaskRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), Text(r, 5), Text(r, 6),
                    r.GetString(7), r.GetString(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9), Text(r, 10), Utf8(r, 11))),
            Rows(connection, "resource_tags", r => new TagsRow(r.GetString(0), Utf8(r, 1))),
            Rows(connection, "run_task_tokens",
                r => new RunTaskTokenRow(r.GetString(0), r.GetString(1), r.GetString(2), Utf8(r, 3), r.GetFieldValue<DateTimeOffset>(4))),
            Rows(connection, "account_settings", r => new AccountSettingRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))),
            Rows(connection, "service_deployments",
                r => new ServiceDeploymentRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
                    r.GetString(5), Text(r, 6), Utf8(r, 7))),
            Rows(connection, "service_revisions", r => new ServiceRevisionRow(r.GetString(0), r.GetString(1), Utf8(r, 2))),
            Rows(connection, "changes", r => new ChangeRow(r.GetInt64(0), r.GetString(1), r.GetString(2)))));
    }

    /// <summary>Every row of a table, its JSON columns as their UTF-8 bytes (a BLOB through <c>encode</c>), as the state holds them.</summary>
    private static List<T> Rows<T>(DuckDBConnection connection, string table, Func<DuckDBDataReader, T> map)
    {
        var columns = StateTables.Columns(connection, table).Select(column => column.Type == "JSON" ? $"encode({column.Name})" : column.Name);
        return connection.Query($"SELECT {string.Join(", ", columns)} FROM {table}", map);
    }

    private static byte[] Utf8(DuckDBDataReader reader, int column)
    {
        using var stream = reader.GetStream(column);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string? Text(DuckDBDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
