using Kecs.Scheduler.Companion.Logs;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Companion;

/// <summary>
/// What a task needs from the AWS companion before its containers start, as ECS's agent does it: its secrets, environment
/// files and registry credentials read, and the log streams of its <c>awslogs</c> containers made. Throws
/// <see cref="TaskStartFailure"/> when the task cannot start, and any other exception when the companion did not answer
/// (the start is tried again until the task's start timeout).
/// </summary>
public sealed class TaskStartPreparation(AwsCompanion companion, TaskSecretsReader secrets, CloudWatchLogs logs)
{
    public bool Configured => companion.Configured;

    /// <summary>What the task read (null when it reads nothing, or Kecs runs without a companion).</summary>
    public async Task<TaskSecrets?> PrepareAsync(DesiredTask desired, CancellationToken cancellation)
    {
        if (!companion.Configured)
        {
            return null;
        }

        var read = await secrets.ReadAsync(desired, cancellation);
        foreach (var (_, destination) in AwsLogsDestination.OfTask(desired))
        {
            await logs.EnsureStreamAsync(destination, cancellation);
        }

        return read;
    }

    /// <summary>The reason a task stops with when the companion did not answer in time.</summary>
    public string Unreachable(Exception error) =>
        $"ResourceInitializationError: unable to pull secrets or registry auth: the AWS companion at {companion.Endpoint} did not answer: {error.Message}";
}
