using System.Collections.Immutable;

namespace Kecs.EcsApi.State;

/// <summary>
/// The change feed in memory: for each resource, the latest sequence at which it changed. Several changes to one
/// resource collapse into its latest, as the feed serves them.
/// </summary>
public sealed partial record EcsState
{
    public long LastSequence { get; private init; }

    private ImmutableSortedSet<long> ChangeSequences { get; init; } = ImmutableSortedSet<long>.Empty;
    private ImmutableDictionary<long, ChangeRow> ChangesBySequence { get; init; } = ImmutableDictionary<long, ChangeRow>.Empty;
    private ImmutableDictionary<string, long> LatestChange { get; init; } = ImmutableDictionary<string, long>.Empty;

    /// <summary>Records that a resource changed, at the next sequence number.</summary>
    public EcsState Changed(string kind, string arn, out ChangeRow change)
    {
        change = new ChangeRow(LastSequence + 1, kind, arn);
        var resource = RowKey.Of(kind, arn);
        var sequences = ChangeSequences;
        var bySequence = ChangesBySequence;
        // The resource's earlier change is superseded by this one.
        if (LatestChange.TryGetValue(resource, out var superseded))
        {
            sequences = sequences.Remove(superseded);
            bySequence = bySequence.Remove(superseded);
        }

        return this with
        {
            LastSequence = change.Sequence,
            ChangeSequences = sequences.Add(change.Sequence),
            ChangesBySequence = bySequence.SetItem(change.Sequence, change),
            LatestChange = LatestChange.SetItem(resource, change.Sequence),
        };
    }

    /// <summary>A resource's version: the sequence of its latest change, or 0 when it never changed.</summary>
    public long VersionOf(string kind, string arn) => LatestChange.GetValueOrDefault(RowKey.Of(kind, arn));

    /// <summary>The resources that changed after a sequence number, oldest change first.</summary>
    public IEnumerable<ChangeRow> ChangesAfter(long after) =>
        SortedIndex.After(ChangeSequences, after).Select(sequence => ChangesBySequence[sequence]);
}
