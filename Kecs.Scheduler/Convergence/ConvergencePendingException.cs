namespace Kecs.Scheduler.Convergence;

/// <summary>
/// An item cannot converge yet for a reason that passes by itself, such as a namespace that is still Terminating: it is
/// tried again with its backoff, still counts as queued work, and is not logged as a failure.
/// </summary>
public sealed class ConvergencePendingException(string message) : Exception(message);
