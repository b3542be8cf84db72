namespace Kecs.Scheduler.Runtime;

/// <summary>The runtime in use once one has been chosen, for health output and the runtime endpoint.</summary>
public sealed class ActiveRuntime
{
    public ITaskRuntime? Current { get; set; }
}
