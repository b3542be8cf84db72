using System.Net;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Reporting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kecs.Scheduler.Tests;

public sealed class ReportSenderTests
{
    [Fact]
    public async Task A_report_EcsApi_cannot_take_is_sent_again_and_one_it_refuses_is_dropped()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.OK]);
        var handler = new ScriptedHandler(answers);
        var queue = new ReportQueue();
        using var sender = new ReportSender(queue, new EcsApiInternalClient(new HttpClient(handler) { BaseAddress = new Uri("http://ecsapi") }),
            TimeProvider.System, NullLogger<ReportSender>.Instance);
        await sender.StartAsync(TestContext.Current.CancellationToken);

        queue.Add(new TaskObservation { TaskArn = "first" });
        await SchedulerRig.WaitUntilAsync(() => handler.Bodies.Count == 2, "first report sent twice");
        queue.Add(new TaskObservation { TaskArn = "second" });
        await SchedulerRig.WaitUntilAsync(() => handler.Bodies.Count == 3, "second report sent");
        queue.Add(new TaskObservation { TaskArn = "third" });
        await SchedulerRig.WaitUntilAsync(() => handler.Bodies.Count == 4, "third report sent");
        await sender.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["first", "first", "second", "third"], handler.Bodies.Select(b => b.Split('"')[5]));
    }

    private sealed class ScriptedHandler(Queue<HttpStatusCode> answers) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Bodies)
            {
                Bodies.Add(body);
                return new HttpResponseMessage(answers.Dequeue()) { Content = new StringContent("""{"applied": 1, "ignored": []}""") };
            }
        }
    }
}
