using System.Collections.Immutable;

namespace Kecs.EcsApi.State;

/// <summary>An immutable index from a key to the ordinally sorted set of values (usually ARNs) filed under it.</summary>
public sealed class SortedIndex
{
    public static readonly SortedIndex Empty = new(ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty);

    private static readonly ImmutableSortedSet<string> None = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
    private readonly ImmutableDictionary<string, ImmutableSortedSet<string>> _sets;

    private SortedIndex(ImmutableDictionary<string, ImmutableSortedSet<string>> sets) => _sets = sets;

    /// <summary>An index of many (key, value) pairs built at once.</summary>
    public static SortedIndex From(IEnumerable<(string Key, string Value)> entries) =>
        new(entries.GroupBy(entry => entry.Key)
            .ToImmutableDictionary(group => group.Key, group => group.Select(entry => entry.Value).ToImmutableSortedSet(StringComparer.Ordinal)));

    public ImmutableSortedSet<string> this[string key] => _sets.GetValueOrDefault(key) ?? None;

    public SortedIndex Add(string key, string value) => new(_sets.SetItem(key, this[key].Add(value)));

    public SortedIndex Remove(string key, string value)
    {
        var remaining = this[key].Remove(value);
        return new(remaining.IsEmpty ? _sets.Remove(key) : _sets.SetItem(key, remaining));
    }

    /// <summary>Moves a value from one key to another; a null key means not filed.</summary>
    public SortedIndex Move(string? from, string? to, string value)
    {
        if (from == to)
        {
            return this;
        }

        var index = from is null ? this : Remove(from, value);
        return to is null ? index : index.Add(to, value);
    }

    /// <summary>The values of a sorted set that sort after <paramref name="after"/>, in order.</summary>
    public static IEnumerable<T> After<T>(ImmutableSortedSet<T> set, T after)
    {
        var position = set.IndexOf(after);
        for (var i = position >= 0 ? position + 1 : ~position; i < set.Count; i++)
        {
            yield return set[i];
        }
    }
}
