using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Storage;

/// <summary>Tags of every taggable resource, keyed by ARN: one store for creation-time tags and TagResource.</summary>
public static class ResourceTagStore
{
    public static List<Tag> Read(EcsState state, string arn) =>
        state.Tags.TryGetValue(arn, out var row) ? Documents.Read(row.Tags, EcsJsonContext.Default.ListTag) : [];

    public static void Replace(StateWrite write, string arn, List<Tag> tags)
    {
        if (tags.Count > 0)
        {
            write.Put(new TagsRow(arn, Documents.Write(tags, EcsJsonContext.Default.ListTag)));
        }
        else if (write.State.Tags.TryGetValue(arn, out var row))
        {
            write.Delete(row);
        }
    }

    /// <summary>Forgets the tags of a resource that is gone.</summary>
    public static void Remove(StateWrite write, string arn) => Replace(write, arn, []);
}
