using System.Diagnostics;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// What EcsApi and the Scheduler export as traces: a RunTask's trace goes on into the simulated runtime's start of the
/// task, and the change feed's long poll, which runs every few seconds while nothing happens, is traced on neither side.
/// </summary>
public sealed class TracingScenarios
{
    [Fact]
    public async Task Starting_a_simulated_task_continues_the_trace_of_the_RunTask_call()
    {
        var exported = new ExportedSpans();
        await using var rig = SchedulerRig.Simulated(ecsApi: new EcsApiFactory(replaceServices: exported.Register), schedulerServices: exported.Register);

        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        // A span is exported once it ends, which may be a moment after the answer or report it made. The process's tracer
        // providers see the spans of tests running beside this one too: the start is found by its task, its parent by id.
        bool IsStart(Activity span) => span.OperationName == "StartSimulatedTask" && span.GetTagItem("ecs.task.arn") as string == arn;
        await SchedulerRig.WaitUntilAsync(() => exported.All.Any(IsStart), "the simulated start exported");
        var start = Assert.Single(exported.All, IsStart);
        await SchedulerRig.WaitUntilAsync(
            () => exported.All.Any(span => IsRunTask(span) && (span.TraceId, span.SpanId) == (start.TraceId, start.ParentSpanId)),
            "the start's parent exported as the RunTask call's span");
    }

    [Fact]
    public async Task The_change_feeds_long_poll_is_traced_on_neither_side_while_user_requests_are()
    {
        var exported = new ExportedSpans();
        await using var rig = SchedulerRig.Simulated(ecsApi: new EcsApiFactory(replaceServices: exported.Register), schedulerServices: exported.Register);

        // The Scheduler reads the feed to catch up, then long-polls it for the cluster and the task.
        var arn = (await rig.RunTaskAsync(TaskDefinitions.Web))["taskArn"].Text();
        await rig.WaitForStatusAsync(arn, "RUNNING");

        await SchedulerRig.WaitUntilAsync(() => exported.All.Any(IsRunTask) && exported.All.Any(IsReport), "the RunTask call and the report exported");

        Assert.DoesNotContain(exported.All, s => Url(s)?.Contains("/internal/v1/changes", StringComparison.Ordinal) is true);
    }

    private static bool IsRunTask(Activity span) => span.GetTagItem("rpc.method") as string == "RunTask";

    private static bool IsReport(Activity span) =>
        span.Kind == ActivityKind.Client && Url(span)?.Contains("/internal/v1/reports", StringComparison.Ordinal) is true;

    private static string? Url(Activity span) => (span.GetTagItem("url.full") ?? span.GetTagItem("url.path")) as string;
}
