using System.Diagnostics;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Runtime;

/// <summary>
/// A runtime's work for a task as a span of the trace of the request that made the task (DESIGN decision 6): EcsApi
/// stores the request's trace context with the task, and the change feed carries it here.
/// </summary>
public static class TaskActivities
{
    public static Activity? StartFor(this ActivitySource activities, string name, DesiredTask desired) =>
        ActivityContext.TryParse(desired.TraceParent, null, out var parent)
            ? activities.StartActivity(name, ActivityKind.Internal, parent)?.SetTag("ecs.task.arn", desired.Arn)
            : activities.StartActivity(name)?.SetTag("ecs.task.arn", desired.Arn);
}
