using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>Task definition revisions in DuckDB, and the per-family counter that only ever grows.</summary>
public static class TaskDefinitionStore
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";

    public static TaskDefinition? Find(DuckDBConnection connection, string arn)
    {
        var json = connection.Scalar<string>("SELECT document FROM task_definitions WHERE arn = $1", arn);
        return json is null ? null : Documents.Read(json, EcsJsonContext.Default.TaskDefinition);
    }

    /// <summary>The revision a reference names; a bare family means its latest ACTIVE revision.</summary>
    public static TaskDefinition? Find(DuckDBConnection connection, TaskDefinitionReference reference, EcsRequestContext context)
    {
        if (reference.Revision is { } revision)
        {
            return Find(connection, TaskDefinitionReference.Arn(context, reference.Family, revision));
        }

        // Usually the last revision taken is the latest ACTIVE one: two key lookups instead of a search that
        // grows with the family's revisions.
        var last = connection.Scalar<int?>(
            "SELECT last_revision FROM task_definition_families WHERE region = $1 AND account = $2 AND family = $3",
            context.Region, context.AccountId, reference.Family);
        if (last is null)
        {
            return null;
        }

        if (Find(connection, TaskDefinitionReference.Arn(context, reference.Family, last.Value)) is { Status: Active } latest)
        {
            return latest;
        }

        var json = connection.Scalar<string>(
            """
            SELECT document FROM task_definitions
            WHERE region = $1 AND account = $2 AND family = $3 AND status = 'ACTIVE'
            ORDER BY revision DESC LIMIT 1
            """,
            context.Region, context.AccountId, reference.Family);
        return json is null ? null : Documents.Read(json, EcsJsonContext.Default.TaskDefinition);
    }

    /// <summary>
    /// The ACTIVE revision that RunTask, CreateService and UpdateService may use, or ClientException.
    /// </summary>
    public static TaskDefinition RequireUsable(DuckDBConnection connection, string? value, EcsRequestContext context)
    {
        var reference = TaskDefinitionReference.Parse(Required.Value(value, "taskDefinition"), context);
        var definition = reference is null ? null : Find(connection, reference, context);
        return definition switch
        {
            null => throw EcsException.Client("Unable to describe task definition."),
            { Status: Active } => definition,
            _ => throw EcsException.Client("TaskDefinition is inactive"),
        };
    }

    /// <summary>Takes the family's next revision number: 1 for a new family, one past the last ever taken otherwise.</summary>
    public static int NextRevision(DuckDBConnection connection, EcsRequestContext context, string family) =>
        connection.Scalar<int>(
            """
            INSERT INTO task_definition_families VALUES ($1, $2, $3, 1)
            ON CONFLICT (region, account, family) DO UPDATE SET last_revision = last_revision + 1
            RETURNING last_revision
            """,
            context.Region, context.AccountId, family);

    public static void Insert(DuckDBConnection connection, TaskDefinition definition, EcsRequestContext context) =>
        connection.Execute(
            "INSERT INTO task_definitions VALUES ($1, $2, $3, $4, $5, $6, $7)",
            definition.TaskDefinitionArn, context.Region, context.AccountId, definition.Family, definition.Revision,
            definition.Status, Documents.Write(definition, EcsJsonContext.Default.TaskDefinition));

    public static void Update(DuckDBConnection connection, TaskDefinition definition) =>
        connection.Execute(
            "UPDATE task_definitions SET status = $2, document = $3 WHERE arn = $1",
            definition.TaskDefinitionArn, definition.Status, Documents.Write(definition, EcsJsonContext.Default.TaskDefinition));

    /// <summary>Revision ARNs in family then revision order, after the given key in that order.</summary>
    public static List<(string Arn, string Family, int Revision)> List(
        DuckDBConnection connection, EcsRequestContext context, string? family, string status, bool descending,
        (string Family, int Revision)? after, int limit)
    {
        var direction = descending ? "DESC" : "ASC";
        var beyond = descending ? "<" : ">";
        return connection.Query(
            $"""
            SELECT arn, family, revision FROM task_definitions
            WHERE region = $1 AND account = $2 AND status = $3 AND ($4 IS NULL OR family = $4)
              AND ($5 IS NULL OR family {beyond} $5 OR (family = $5 AND revision {beyond} $6))
            ORDER BY family {direction}, revision {direction} LIMIT $7
            """,
            reader => (reader.GetString(0), reader.GetString(1), reader.GetInt32(2)),
            context.Region, context.AccountId, status, family, after?.Family, after?.Revision ?? 0, limit);
    }

    /// <summary>Family names by prefix; ACTIVE families have an ACTIVE revision, INACTIVE ones have none.</summary>
    public static List<string> Families(
        DuckDBConnection connection, EcsRequestContext context, string prefix, string status, string after, int limit) =>
        connection.Query(
            """
            SELECT family FROM task_definitions
            WHERE region = $1 AND account = $2 AND starts_with(family, $3) AND family > $4
            GROUP BY family
            HAVING $5 = 'ALL'
                OR ($5 = 'ACTIVE' AND bool_or(status = 'ACTIVE'))
                OR ($5 = 'INACTIVE' AND NOT bool_or(status = 'ACTIVE'))
            ORDER BY family LIMIT $6
            """,
            reader => reader.GetString(0),
            context.Region, context.AccountId, prefix, after, status, limit);
}
