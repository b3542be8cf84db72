namespace Kecs.Scheduler.Runtime;

/// <summary>One line a container wrote, and when.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Text);
