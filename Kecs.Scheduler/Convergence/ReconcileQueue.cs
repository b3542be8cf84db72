using System.Threading.Channels;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The work queue between what changed and the workers that converge it, with the semantics of
/// Kubernetes' client-go work queue: an item waits in the queue at most once, and an item that
/// changes while a worker holds it is handed out again only after that worker is done, so no two
/// workers ever converge the same task at once.
/// </summary>
public sealed class ReconcileQueue(TimeProvider clock)
{
    private readonly Channel<WorkItem> _ready = Channel.CreateUnbounded<WorkItem>();
    private readonly HashSet<WorkItem> _queued = [];
    private readonly HashSet<WorkItem> _processing = [];
    private readonly HashSet<WorkItem> _dirty = [];
    private readonly Dictionary<WorkItem, DateTimeOffset> _waitingSince = [];
    private readonly Lock _lock = new();

    /// <summary>Items queued or being converged.</summary>
    public int Depth
    {
        get
        {
            lock (_lock)
            {
                return _waitingSince.Count;
            }
        }
    }

    /// <summary>How long the item that has waited longest to be converged has waited: the Scheduler's lag.</summary>
    public TimeSpan OldestWait
    {
        get
        {
            lock (_lock)
            {
                return _waitingSince.Count == 0 ? TimeSpan.Zero : clock.GetUtcNow() - _waitingSince.Values.Min();
            }
        }
    }

    public void Enqueue(WorkItem item)
    {
        lock (_lock)
        {
            _waitingSince.TryAdd(item, clock.GetUtcNow());
            if (_processing.Contains(item))
            {
                _dirty.Add(item);
                return;
            }

            if (_queued.Add(item))
            {
                _ready.Writer.TryWrite(item);
            }
        }
    }

    public void EnqueueAfter(WorkItem item, TimeSpan delay, CancellationToken cancellation) =>
        _ = System.Threading.Tasks.Task.Delay(delay, clock, cancellation)
            .ContinueWith(_ => Enqueue(item), cancellation, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    public async ValueTask<WorkItem> DequeueAsync(CancellationToken cancellation)
    {
        var item = await _ready.Reader.ReadAsync(cancellation);
        lock (_lock)
        {
            _queued.Remove(item);
            _processing.Add(item);
        }

        return item;
    }

    /// <summary>Marks a dequeued item finished; it goes back in the queue if it changed meanwhile.</summary>
    public void Done(WorkItem item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Remove(item) && _queued.Add(item))
            {
                _ready.Writer.TryWrite(item);
            }
            else if (!_queued.Contains(item))
            {
                _waitingSince.Remove(item);
            }
        }
    }
}
