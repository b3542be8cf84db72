using System.Net.Http.Json;
using System.Web;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Tests;

public sealed class ChangeFeedFollowerTests
{
    [Fact]
    public async Task The_Scheduler_catches_up_at_the_first_head_while_changes_keep_coming()
    {
        var feed = new SteadyWritesFeed(headAtStart: 3);
        var state = new DesiredState();
        var follower = new ChangeFeedFollower(
            new EcsApiInternalClient(new HttpClient(feed) { BaseAddress = new Uri("http://ecsapi") }), state, new ReconcileQueue(TimeProvider.System),
            Options.Create(new SchedulerOptions()), TimeProvider.System, NullLogger<ChangeFeedFollower>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var following = Task.Run(() => follower.RunAsync(stop.Token), stop.Token);
        await SchedulerRig.WaitUntilAsync(() => state.CaughtUp, "caught up");
        await stop.CancelAsync();
        try
        {
            await following;
        }
        catch (OperationCanceledException)
        {
        }

        // Every page had a change: waiting for an empty one would never have ended.
        Assert.True(state.Sequence >= 3);
        Assert.DoesNotContain(feed.Answered, page => page.Changes.Count == 0);
    }

    /// <summary>A feed that always has one more change than the reader asked after, as under a steady stream of writes.</summary>
    private sealed class SteadyWritesFeed(long headAtStart) : HttpMessageHandler
    {
        private long _head = headAtStart;

        public List<ChangeFeedPage> Answered { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
            var after = long.Parse(HttpUtility.ParseQueryString(request.RequestUri!.Query)["after"]!);
            var sequence = after + 1;
            var page = new ChangeFeedPage
            {
                LastSequence = sequence,
                HeadSequence = Interlocked.Increment(ref _head) - 1,
                Changes = [new ChangeEntry { Sequence = sequence, Kind = "cluster", Arn = $"arn:aws:ecs:us-east-1:000000000000:cluster/c{sequence}", Cluster = new Cluster() }],
            };
            lock (Answered)
            {
                Answered.Add(page);
            }

            return new HttpResponseMessage { Content = JsonContent.Create(page, InternalJsonContext.Default.ChangeFeedPage) };
        }
    }
}
