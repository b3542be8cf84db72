using DuckDB.NET.Data;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.State;

/// <summary>
/// Reads the whole state from DuckDB into memory: at start, and after the state was replaced (reset, import). Row
/// versions not merged yet are read over the tables instead of being merged first: the writer merges them beside its
/// first writes (<see cref="GroupCommitWriter"/>), which keeps up to a merge threshold's worth of merging, hundreds of
/// milliseconds, out of every start.
/// </summary>
internal static class StateLoader
{
    public static EcsState Load(DuckDBConnection connection)
    {
        RowVersionMerge.CollectLatestVersions(connection);
        var rows = new StoredRows(
            Rows(connection, Table.Clusters, r => new ClusterRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Utf8(r, 5))),
            Rows(connection, Table.TaskDefinitionFamilies, r => new TaskDefinitionFamilyRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3))),
            Rows(connection, Table.TaskDefinitions,
                r => new TaskDefinitionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), Utf8(r, 6))),
            Rows(connection, Table.Services,
                r => new ServiceRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), r.GetString(5), Text(r, 6),
                    Text(r, 7), r.GetString(8), Utf8(r, 9), r.IsDBNull(10) ? null : Utf8(r, 10))),
            Rows(connection, Table.Tasks,
                r => new TaskRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Text(r, 4), Text(r, 5), Text(r, 6),
                    r.GetString(7), r.GetString(8), Time(r, 9), Text(r, 10), Utf8(r, 11), Time(r, 12), Text(r, 13))),
            Rows(connection, Table.ResourceTags, r => new TagsRow(r.GetString(0), Utf8(r, 1))),
            Rows(connection, Table.RunTaskTokens,
                r => new RunTaskTokenRow(r.GetString(0), r.GetString(1), r.GetString(2), Utf8(r, 3), r.GetFieldValue<DateTimeOffset>(4))),
            Rows(connection, Table.AccountSettings, r => new AccountSettingRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4))),
            Rows(connection, Table.ServiceDeployments,
                r => new ServiceDeploymentRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
                    r.GetString(5), Text(r, 6), Utf8(r, 7))),
            Rows(connection, Table.ServiceRevisions, r => new ServiceRevisionRow(r.GetString(0), r.GetString(1), Utf8(r, 2))),
            Rows(connection, Table.CapacityProviders,
                r => new CapacityProviderRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Utf8(r, 5))),
            Rows(connection, Table.ContainerInstances, r => new ContainerInstanceRow(r.GetString(0), r.GetString(1), r.GetString(2), Utf8(r, 3))),
            Rows(connection, Table.KubeNodes, r => new KubeNodeRow(r.GetString(0), Utf8(r, 1))),
            Rows(connection, Table.DaemonTaskDefinitions,
                r => new DaemonTaskDefinitionRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), Utf8(r, 5))),
            Rows(connection, Table.Daemons, r => new DaemonRow(r.GetString(0), r.GetString(1), r.GetString(2), Utf8(r, 3))),
            Rows(connection, Table.NodeStates, r => new NodeStateRow(r.GetString(0), r.GetString(1))),
            Rows(connection, Table.Changes, r => new ChangeRow(r.GetInt64(0), r.GetString(1), r.GetString(2))));
        connection.Execute("DROP TABLE latest_versions");
        return EcsState.From(rows);
    }

    /// <summary>Every row of a table as merged, its JSON columns as their UTF-8 bytes (a BLOB through <c>encode</c>), as the state holds them.</summary>
    private static List<T> Rows<T>(DuckDBConnection connection, Table table, Func<DuckDBDataReader, T> map) =>
        connection.Query(
            RowVersionMerge.SelectAsMerged(table, RowVersionMerge.ColumnTypes(connection, table),
                (column, type) => type == "JSON" ? $"encode({column})" : column),
            map,
            table.Name);

    private static byte[] Utf8(DuckDBDataReader reader, int column)
    {
        using var stream = reader.GetStream(column);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static string? Text(DuckDBDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static DateTimeOffset? Time(DuckDBDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
}
