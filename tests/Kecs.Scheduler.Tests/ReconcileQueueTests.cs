using Kecs.Scheduler.Convergence;
using Microsoft.Extensions.Time.Testing;

namespace Kecs.Scheduler.Tests;

/// <summary>The work queue's retries: each item waits longer after each failure in a row, up to a ceiling, and starts over once it converges.</summary>
public sealed class ReconcileQueueTests
{
    private static readonly WorkItem Task = WorkItem.ForTask("arn:aws:ecs:us-east-1:123456789012:task/demo/a");
    private static readonly WorkItem Other = WorkItem.ForTask("arn:aws:ecs:us-east-1:123456789012:task/demo/b");

    [Fact]
    public void An_item_that_keeps_failing_waits_twice_as_long_each_time_up_to_the_ceiling_and_others_are_not_slowed()
    {
        var queue = new ReconcileQueue(new FakeTimeProvider());
        var cancellation = TestContext.Current.CancellationToken;

        var delays = Enumerable.Range(0, 12).Select(_ => queue.Retry(Task, cancellation).TotalMilliseconds).ToList();
        var other = queue.Retry(Other, cancellation);
        queue.Forget(Task);
        var again = queue.Retry(Task, cancellation);

        Assert.Equal([5, 10, 20, 40, 80, 160, 320, 640, 1280, 2000, 2000, 2000], delays);
        Assert.Equal(TimeSpan.FromMilliseconds(5), other);
        Assert.Equal(TimeSpan.FromMilliseconds(5), again);
    }

    [Fact]
    public async Task A_retried_item_comes_back_once_its_delay_has_passed()
    {
        var clock = new FakeTimeProvider();
        var queue = new ReconcileQueue(clock);
        var cancellation = TestContext.Current.CancellationToken;

        var delay = queue.Retry(Task, cancellation);
        var waiting = queue.DequeueAsync(cancellation).AsTask();
        clock.Advance(delay);

        Assert.Equal(Task, await waiting.WaitAsync(TimeSpan.FromSeconds(5), cancellation));
    }

    [Fact]
    public async Task An_item_waiting_to_be_tried_again_still_counts_as_queued_work()
    {
        var clock = new FakeTimeProvider();
        var queue = new ReconcileQueue(clock);
        var cancellation = TestContext.Current.CancellationToken;
        queue.Enqueue(Task);
        var item = await queue.DequeueAsync(cancellation);

        var delay = queue.Retry(item, cancellation);
        queue.Done(item);
        var waiting = queue.Depth;
        var next = queue.DequeueAsync(cancellation).AsTask();
        clock.Advance(delay);
        queue.Done(await next.WaitAsync(TimeSpan.FromSeconds(5), cancellation));

        Assert.Equal(1, waiting);
        Assert.Equal(0, queue.Depth);
    }
}
