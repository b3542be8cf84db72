using System.Collections.Concurrent;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.State;

/// <summary>
/// One instance per task definition revision, however many tasks run it: the change feed carries a copy of the
/// definition with every task, and 10,000 tasks of one revision would otherwise hold 10,000 copies. A revision's
/// contents never change; the Scheduler reads nothing of a definition that does (its status, deregistration).
/// Entries hold their definition weakly, so a revision that no task runs any more is collected.
/// </summary>
public sealed class SharedTaskDefinitions
{
    private const int FirstPrune = 64;

    private readonly ConcurrentDictionary<string, WeakReference<TaskDefinition>> _byArn = new(StringComparer.Ordinal);
    private int _pruneAt = FirstPrune;

    /// <summary>Revisions remembered, including those collected since the last prune.</summary>
    public int Count => _byArn.Count;

    public TaskDefinition Share(TaskDefinition definition)
    {
        if (definition.TaskDefinitionArn is not { } arn)
        {
            return definition;
        }

        if (_byArn.TryGetValue(arn, out var reference) && reference.TryGetTarget(out var shared))
        {
            return shared;
        }

        _byArn[arn] = new WeakReference<TaskDefinition>(definition);
        PruneWhenGrown();
        return definition;
    }

    private void PruneWhenGrown()
    {
        if (_byArn.Count < Volatile.Read(ref _pruneAt))
        {
            return;
        }

        foreach (var entry in _byArn)
        {
            if (!entry.Value.TryGetTarget(out _))
            {
                _byArn.TryRemove(entry);
            }
        }

        Volatile.Write(ref _pruneAt, Math.Max(FirstPrune, _byArn.Count * 2));
    }
}
