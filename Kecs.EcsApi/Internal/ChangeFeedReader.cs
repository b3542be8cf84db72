using DuckDB.NET.Data;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

namespace Kecs.EcsApi.Internal;

/// <summary>Reads the change feed, waiting for the next commit when nothing has changed yet.</summary>
public sealed class ChangeFeedReader(EcsDatabase database, ChangeNotifier notifier)
{
    private const int PageSize = 500;

    public async Task<ChangeFeedPage> ReadAsync(long after, TimeSpan wait, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(wait);
        while (true)
        {
            // Take the signal before reading, so a commit between the read and the wait is not missed.
            var nextCommit = notifier.NextCommit;
            var page = database.Read(connection => Read(connection, after));
            if (page.Changes.Count > 0)
            {
                return page;
            }

            try
            {
                await nextCommit.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return page;
            }
        }
    }

    private static ChangeFeedPage Read(DuckDBConnection connection, long after)
    {
        var rows = connection.Query(
            """
            SELECT kind, arn, max(sequence) AS latest FROM changes
            WHERE sequence > $1 GROUP BY kind, arn ORDER BY latest LIMIT $2
            """,
            reader => (Kind: reader.GetString(0), Arn: reader.GetString(1), Sequence: reader.GetInt64(2)),
            after, PageSize);
        // The page's end comes from the rows themselves: a second query could see a commit made after
        // the first and skip past a change this page does not carry.
        var definitions = new Dictionary<string, TaskDefinition?>();
        return new ChangeFeedPage
        {
            LastSequence = rows.Count == 0 ? after : rows.Max(row => row.Sequence),
            Changes = rows.Select(row => Entry(connection, row.Kind, row.Arn, row.Sequence, definitions)).ToList(),
        };
    }

    /// <param name="definitions">Task definitions already read for this page: the tasks of a page mostly share a few.</param>
    private static ChangeEntry Entry(
        DuckDBConnection connection, string kind, string arn, long sequence, Dictionary<string, TaskDefinition?> definitions)
    {
        var entry = new ChangeEntry { Sequence = sequence, Kind = kind, Arn = arn };
        switch (kind)
        {
            case ChangeKind.Cluster:
                entry.Cluster = ClusterStore.Find(connection, arn);
                break;
            case ChangeKind.Service:
                entry.Service = ServiceStore.Find(connection, arn)?.Service;
                break;
            case ChangeKind.Task when TaskStore.FindWithTraceParent(connection, arn) is ({ } task, var traceParent):
                entry.Task = task;
                entry.TraceParent = traceParent;
                var definitionArn = task.TaskDefinitionArn!;
                if (!definitions.TryGetValue(definitionArn, out var definition))
                {
                    definitions[definitionArn] = definition = TaskDefinitionStore.Find(connection, definitionArn);
                }

                entry.TaskDefinition = definition;
                break;
        }

        entry.Deleted = entry is { Cluster: null, Service: null, Task: null };
        return entry;
    }
}
