using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Kecs.Ecs.Internal;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Admin;

/// <summary>
/// Exports the whole ECS state as the rows of its tables and imports such an export in place of the
/// current state. Values travel as JSON strings and numbers and are cast back to their column types
/// on import. Imported clusters, services and tasks enter the change feed, so the Scheduler runs them.
/// </summary>
public static class StateSnapshots
{
    public static StateSnapshot Export(DuckDBConnection connection, DateTimeOffset now)
    {
        var snapshot = new StateSnapshot { SchemaStep = SchemaMigrations.Steps.Count, ExportedAt = now };
        foreach (var table in StateTables.Names)
        {
            var columns = StateTables.Columns(connection, table);
            snapshot.Tables[table] = connection.Query(
                $"SELECT {string.Join(", ", columns.Select(c => Exported(c.Name, c.Type)))} FROM {table}",
                reader => Row(reader, columns));
        }

        return snapshot;
    }

    /// <summary>Replaces the state with the snapshot's; throws InvalidParameterException for a snapshot this Kecs cannot take.</summary>
    public static ResetResult Import(DuckDBConnection connection, StateSnapshot snapshot)
    {
        if (snapshot.Format != StateSnapshot.FormatName
            || snapshot.SchemaStep < SchemaMigrations.StateTablesSince || snapshot.SchemaStep > SchemaMigrations.Steps.Count)
        {
            throw EcsException.InvalidParameter(
                $"This is not a {StateSnapshot.FormatName} of schema step {SchemaMigrations.StateTablesSince} to {SchemaMigrations.Steps.Count} (format '{snapshot.Format}', step {snapshot.SchemaStep}).");
        }

        if (snapshot.Tables.Keys.FirstOrDefault(name => !StateTables.Names.Contains(name)) is { } unknown)
        {
            throw EcsException.InvalidParameter($"The snapshot has a table Kecs does not know: {unknown}.");
        }

        StateReset.Reset(connection);
        foreach (var table in StateTables.Names)
        {
            // Deployment positions are issued anew in their old order, so later deployments still sort after them.
            var reissued = table == "service_deployments";
            var columns = StateTables.Columns(connection, table).Where(c => !(reissued && c.Name == "position")).ToList();
            var names = columns.Select(c => c.Name).ToList();
            var values = columns.Select((c, i) => $"CAST(${i + 1} AS {c.Type})").ToList();
            if (reissued)
            {
                names.Add("position");
                values.Add("nextval('service_deployment_position')");
            }

            var rows = snapshot.Tables.GetValueOrDefault(table) ?? [];
            foreach (var row in reissued ? rows.OrderBy(r => (long?)r["position"]) : rows.AsEnumerable())
            {
                connection.Execute(
                    $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", values)})",
                    columns.Select(c => Text(row[c.Name])).ToArray());
            }
        }

        return StateReset.AnnounceAll(connection);
    }

    private static string Exported(string column, string type) =>
        type is "JSON" or "VARCHAR" or "BIGINT" or "INTEGER" ? column : $"CAST({column} AS VARCHAR) AS {column}";

    private static JsonObject Row(DuckDBDataReader reader, List<(string Name, string Type)> columns)
    {
        var row = new JsonObject();
        for (var i = 0; i < columns.Count; i++)
        {
            row[columns[i].Name] = reader.IsDBNull(i) ? null : columns[i].Type switch
            {
                "BIGINT" or "INTEGER" => JsonValue.Create(Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)),
                "JSON" => JsonNode.Parse(reader.GetString(i)),
                _ => reader.GetString(i),
            };
        }

        return row;
    }

    private static string? Text(JsonNode? value) => value switch
    {
        null => null,
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
