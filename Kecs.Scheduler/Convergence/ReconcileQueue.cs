using System.Threading.Channels;

namespace Kecs.Scheduler.Convergence;

/// <summary>
/// The work queue between what changed and the workers that converge it, with the semantics of
/// Kubernetes' client-go work queue: an item waits in the queue at most once, and an item that
/// changes while a worker holds it is handed out again only after that worker is done, so no two
/// workers ever converge the same task at once. An item that fails is retried with a delay of its own that grows
/// while it keeps failing, as client-go's rate-limiting queue does.
/// </summary>
public sealed class ReconcileQueue(TimeProvider clock)
{
    /// <summary>The first retry of an item comes soon (a namespace's service account, say, appears within milliseconds)...</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// ...and retries of an item that keeps failing slow down to this: short, so a local cluster that comes back is
    /// used again within seconds (client-go waits up to minutes, for clusters that serve many controllers).
    /// </summary>
    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly Channel<WorkItem> _ready = Channel.CreateUnbounded<WorkItem>();
    private readonly HashSet<WorkItem> _queued = [];
    private readonly HashSet<WorkItem> _processing = [];
    private readonly HashSet<WorkItem> _dirty = [];
    private readonly Dictionary<WorkItem, DateTimeOffset> _waitingSince = [];
    private readonly Dictionary<WorkItem, int> _failures = [];
    private readonly HashSet<WorkItem> _retrying = [];
    private readonly Lock _lock = new();

    /// <summary>Items queued, being converged, or waiting to be tried again.</summary>
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

    /// <summary>
    /// Puts an item whose convergence failed back in the queue after a delay that grows with each failure of that item in
    /// a row (<see cref="Backoff.DelayAfter"/>), and returns the delay.
    /// </summary>
    public TimeSpan Retry(WorkItem item, CancellationToken cancellation)
    {
        TimeSpan delay;
        lock (_lock)
        {
            var failures = _failures[item] = _failures.GetValueOrDefault(item) + 1;
            delay = Backoff.DelayAfter(failures, FirstRetry, LastRetry);
            _retrying.Add(item);
        }

        After(delay, () =>
        {
            lock (_lock)
            {
                _retrying.Remove(item);
            }

            Enqueue(item);
        }, cancellation);
        return delay;
    }

    /// <summary>The item converged: its next failure waits the first delay again.</summary>
    public void Forget(WorkItem item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public void EnqueueAfter(WorkItem item, TimeSpan delay, CancellationToken cancellation) => After(delay, () => Enqueue(item), cancellation);

    private void After(TimeSpan delay, Action action, CancellationToken cancellation) =>
        _ = System.Threading.Tasks.Task.Delay(delay, clock, cancellation)
            .ContinueWith(_ => action(), cancellation, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

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
            else if (!_queued.Contains(item) && !_retrying.Contains(item))
            {
                _waitingSince.Remove(item);
            }
        }
    }
}
