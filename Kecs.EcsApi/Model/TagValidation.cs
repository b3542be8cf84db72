using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Tagging;

namespace Kecs.EcsApi.Model;

/// <summary>The tag limits ECS documents: at most 50 tags, keys 1-128 and values 0-256 characters, no <c>aws:</c> prefix.</summary>
public static class TagValidation
{
    public const int MaxTags = 50;

    public static List<Tag> Validate(List<Tag>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        if (tags.Count > MaxTags)
        {
            throw EcsException.InvalidParameter($"A resource can have at most {MaxTags} tags; {tags.Count} were given.");
        }

        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag.Key) || tag.Key.Length > 128)
            {
                throw EcsException.InvalidParameter("Tag keys must be between 1 and 128 characters long.");
            }

            if (tag.Value is { Length: > 256 })
            {
                throw EcsException.InvalidParameter($"The value of tag '{tag.Key}' is longer than 256 characters.");
            }

            if (ManagedTags.IsManaged(tag))
            {
                throw EcsException.InvalidParameter($"Tag key '{tag.Key}' uses the reserved prefix 'aws:'.");
            }
        }

        if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw EcsException.InvalidParameter("Tag keys must be unique.");
        }

        return tags.Select(t => new Tag { Key = t.Key, Value = t.Value ?? "" }).ToList();
    }

    /// <summary>
    /// Adds tags to existing ones; a given key replaces the existing tag with that key. The tags ECS manages
    /// (<c>aws:</c>) do not count against the limit.
    /// </summary>
    public static List<Tag> Merge(List<Tag> existing, List<Tag> added)
    {
        var merged = existing.Where(tag => added.All(a => a.Key != tag.Key)).Concat(added).ToList();
        var counted = merged.Count(tag => !ManagedTags.IsManaged(tag));
        return counted <= MaxTags
            ? merged
            : throw EcsException.InvalidParameter($"A resource can have at most {MaxTags} tags; this would give it {counted}.");
    }
}
