using System.Text.Json;
using DuckDB.NET.Data;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;

namespace Kecs.EcsApi.Storage;

/// <summary>Tags of every taggable resource, keyed by ARN: one store for creation-time tags and TagResource.</summary>
public static class ResourceTagStore
{
    public static List<Tag> Read(DuckDBConnection connection, string arn)
    {
        var json = connection.Scalar<string>("SELECT tags FROM resource_tags WHERE arn = $1", arn);
        return json is null ? [] : JsonSerializer.Deserialize(json, EcsJsonContext.Default.ListTag) ?? [];
    }

    public static void Replace(DuckDBConnection connection, string arn, List<Tag> tags)
    {
        connection.Execute("DELETE FROM resource_tags WHERE arn = $1", arn);
        AddToNew(connection, arn, tags);
    }

    /// <summary>The tags of a resource whose ARN is new (a task, a task definition revision): nothing to replace.</summary>
    public static void AddToNew(DuckDBConnection connection, string arn, List<Tag> tags)
    {
        if (tags.Count > 0)
        {
            connection.Execute("INSERT INTO resource_tags VALUES ($1, $2)", arn,
                JsonSerializer.Serialize(tags, EcsJsonContext.Default.ListTag));
        }
    }
}
