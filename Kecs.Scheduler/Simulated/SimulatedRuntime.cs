using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Kecs.Ecs;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Reporting;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;
using Microsoft.Extensions.Options;

namespace Kecs.Scheduler.Simulated;

/// <summary>
/// Runs no containers: a task becomes RUNNING after short delays, and stops when asked
/// with exit code 0. A container whose command is a <see cref="ContainerScript"/> exits as the script says (an
/// essential one stops its task), and an image that cannot exist fails the task's start; what a script echoes is the
/// container's log. Every task it starts carries the attribute <c>kecs.runtime=simulated</c>.
/// </summary>
public sealed class SimulatedRuntime(
    ReportQueue reports, TaskStartPreparation preparation, IOptions<SchedulerOptions> options, TimeProvider clock, ActivitySource activities,
    ILogger<SimulatedRuntime> logger, string reason)
    : ITaskRuntime
{
    private readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new();
    private readonly SimulatedRuntimeOptions _delays = options.Value.Simulated;
    private CancellationToken _stopping;

    public RuntimeDescription Description { get; } = new(RuntimeDescription.Simulated, reason);

    public Task StartAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        return Task.CompletedTask;
    }

    public Task<RuntimeProbe> ProbeAsync(CancellationToken cancellation) => Task.FromResult(RuntimeProbe.None);

    public Task<Stream> OpenLogAsync(DesiredTask task, string container, bool follow, CancellationToken cancellation) =>
        throw new TaskLogsUnavailableException(
            $"Task {task.Id} runs on the simulated runtime, which starts no containers, so there are no logs. Run Kecs with a Kubernetes cluster to get logs.");

    /// <summary>
    /// The lines the container's script echoes, each at its time after the task started, until the container exits or the
    /// task stops. The log follows from the task alone, so a task that stopped can be read again after a restart.
    /// </summary>
    public async IAsyncEnumerable<LogLine> FollowLogAsync(
        DesiredTask desired, string container, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var definition = desired.Definition.ContainerDefinitions!.FirstOrDefault(c => c.Name == container)
            ?? throw new TaskLogsUnavailableException($"Task {desired.Id} has no container {container}.", notFound: true);
        var (startedAt, ended) = _tasks.TryGetValue(desired.Arn, out var task) && task.StartedAt is { } started
            ? (started, task.Ended)
            : desired.Task is { StartedAt: { } startedBefore, LastStatus: TaskLifecycle.Stopped } stopped
                ? (startedBefore, Task.FromResult(stopped.ExecutionStoppedAt ?? stopped.StoppedAt ?? startedBefore))
                : throw new TaskLogsUnavailableException($"Task {desired.Id} has not started its containers yet.");
        var script = Script(desired, definition);
        var exit = script.ExitsAfter is { } after ? startedAt + after : (DateTimeOffset?)null;
        foreach (var line in script.Log)
        {
            var at = startedAt + line.At;
            if (at > exit || !await ReachedAsync(at, ended, cancellation))
            {
                yield break;
            }

            yield return new LogLine(at, line.Text);
        }

        if (exit is null)
        {
            await ended.WaitAsync(cancellation);
        }
        else
        {
            await ReachedAsync(exit.Value, ended, cancellation);
        }
    }

    /// <summary>Waits until <paramref name="at"/>; false when the task ended before then.</summary>
    private async Task<bool> ReachedAsync(DateTimeOffset at, Task<DateTimeOffset> ended, CancellationToken cancellation)
    {
        var wait = at - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(Task.Delay(wait, clock, cancellation), ended);
            cancellation.ThrowIfCancellationRequested();
        }

        return !ended.IsCompleted || ended.Result >= at;
    }

    /// <summary>Every task fits: the simulated runtime has no capacity to run out of.</summary>
    public string? PlacementProblem(string taskArn) => null;

    /// <summary>The simulated runtime has no nodes: a daemon runs no task here, and nothing drains.</summary>
    public IReadOnlyCollection<string> InstanceIds => [];

    public IReadOnlySet<string> DrainingInstanceIds { get; } = new HashSet<string>();

    public Task ReconcileNodeAsync(string instanceId, string? status, CancellationToken cancellation) => Task.CompletedTask;

    public Task ReconcileTaskAsync(string taskArn, DesiredTask? desired, CancellationToken cancellation)
    {
        if (desired is null or { HasStopped: true })
        {
            if (_tasks.TryRemove(taskArn, out var removed))
            {
                removed.End(desired?.Task.ExecutionStoppedAt ?? desired?.Task.StoppedAt ?? clock.GetUtcNow());
            }
        }
        else if (desired.WantsToRun)
        {
            var adopted = desired.Task.LastStatus == TaskLifecycle.Running;
            var task = new SimulatedTask { Running = adopted, StartedAt = adopted ? desired.Task.StartedAt ?? clock.GetUtcNow() : null };
            if (_tasks.TryAdd(taskArn, task))
            {
                _ = adopted ? PlayScriptsAsync(desired, task, task.StartedAt!.Value) : RunAsync(desired, task);
            }
        }
        else
        {
            var task = _tasks.GetOrAdd(taskArn, _ => new SimulatedTask());
            if (task.TryClaimStop())
            {
                _ = StopAsync(desired, task);
            }
        }

        return Task.CompletedTask;
    }

    public Task ReconcileServiceNetworkAsync(string serviceArn, Service? service, TaskDefinition? definition, CancellationToken cancellation) =>
        Task.CompletedTask;

    public Task ReconcileClusterAsync(string clusterArn, Cluster? cluster, CancellationToken cancellation) => Task.CompletedTask;

    private async Task RunAsync(DesiredTask desired, SimulatedTask task)
    {
        try
        {
            if (await StartContainersAsync(desired, task) is { } started)
            {
                await PlayScriptsAsync(desired, task, started);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Pulls and starts the task's containers on the simulated delays and reports once, when they have started (RUNNING,
    /// with the pull's times) or could not (STOPPED). A PENDING report of its own would cost EcsApi a DuckDB commit for a
    /// state the task leaves a moment later. Returns when the containers started, or null when they did not.
    /// </summary>
    private async Task<DateTimeOffset?> StartContainersAsync(DesiredTask desired, SimulatedTask task)
    {
        using var activity = activities.StartFor("StartSimulatedTask", desired);
        await Task.Delay(_delays.PendingDelay, clock, _stopping);
        if (task.StopRequested)
        {
            return null;
        }

        var pulling = clock.GetUtcNow();
        await Task.Delay(_delays.RunningDelay, clock, _stopping);
        if (task.StopRequested)
        {
            return null;
        }

        var unpullable = desired.Definition.ContainerDefinitions!.FirstOrDefault(c => Script(desired, c).CannotPull);
        if (unpullable is not null)
        {
            if (task.TryClaimStop())
            {
                task.End(clock.GetUtcNow());
                reports.Add(OnThisRuntime(PullFailed(desired, unpullable, pulling, clock.GetUtcNow())));
            }

            return null;
        }

        if (await PrepareAsync(desired, task) is { } cannotStart)
        {
            if (task.TryClaimStop())
            {
                task.End(clock.GetUtcNow());
                var stopped = StoppedObservation.Of(desired, clock.GetUtcNow(), StopCodes.TaskFailedToStart, cannotStart,
                    c => new ContainerObservation { Name = c.Name!, LastStatus = TaskLifecycle.Stopped });
                stopped.PullStartedAt = pulling;
                reports.Add(OnThisRuntime(stopped));
            }

            return null;
        }

        // In whole milliseconds, as EcsApi keeps it: the log's times are the same when a restarted Scheduler reads them again.
        var started = DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
        task.StartedAt = started;
        task.Running = true;
        reports.Add(OnThisRuntime(Running(desired, pulling, started)));
        return started;
    }

    /// <summary>
    /// Reads the task's secrets and makes its log streams in the AWS companion, as the agent does before it starts the
    /// containers; tried again while the companion does not answer, up to the task start timeout. Null once done, else why
    /// the task cannot start.
    /// </summary>
    private async Task<string?> PrepareAsync(DesiredTask desired, SimulatedTask task)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        while (!task.StopRequested)
        {
            try
            {
                await preparation.PrepareAsync(desired, _stopping);
                return null;
            }
            catch (TaskStartFailure failure)
            {
                return failure.Reason;
            }
            catch (Exception error) when (!_stopping.IsCancellationRequested)
            {
                if (clock.GetUtcNow() - (desired.Task.CreatedAt ?? clock.GetUtcNow()) >= options.Value.TaskStartTimeout)
                {
                    return preparation.Unreachable(error);
                }

                logger.LogWarning("Preparing task {TaskArn} in the AWS companion failed ({Reason}); trying again", desired.Arn, error.Message);
                await Task.Delay(backoff.Failed(), clock, _stopping);
            }
        }

        return null;
    }

    /// <summary>Lets each container whose script ends exit on time; the first essential one to exit stops the task.</summary>
    private async Task PlayScriptsAsync(DesiredTask desired, SimulatedTask task, DateTimeOffset startedAt)
    {
        var exits = desired.Definition.ContainerDefinitions!
            .Select(container => (Container: container, Script: Script(desired, container)))
            .Where(exit => exit.Script.ExitsAfter is not null)
            .OrderBy(exit => exit.Script.ExitsAfter);
        try
        {
            foreach (var (container, script) in exits)
            {
                var wait = startedAt + script.ExitsAfter!.Value - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, _stopping);
                }

                if (task.StopRequested)
                {
                    return;
                }

                if (container.Essential != false)
                {
                    if (task.TryClaimStop())
                    {
                        // At the script's own end, not when the timer fired (it may fire a little early): what it echoed
                        // before it exited is in its log, also when a restarted Scheduler reads it from the stopped task.
                        var exited = startedAt + script.ExitsAfter!.Value;
                        task.End(exited);
                        reports.Add(EssentialContainerExited(desired, container.Name!, script.ExitCode, exited));
                    }

                    return;
                }

                reports.Add(new TaskObservation
                {
                    TaskArn = desired.Arn,
                    Containers = [new ContainerObservation { Name = container.Name!, LastStatus = TaskLifecycle.Stopped, ExitCode = script.ExitCode }],
                });
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private static ContainerScript Script(DesiredTask desired, ContainerDefinition container) =>
        ContainerScript.Of(container, desired.Task.Overrides?.ContainerOverrides?.FirstOrDefault(o => o.Name == container.Name));

    private static TaskObservation EssentialContainerExited(DesiredTask desired, string container, int exitCode, DateTimeOffset now) =>
        StoppedObservation.Of(desired, now, StopCodes.EssentialContainerExited,
            StopReasons.EssentialContainerExited(container, StopReasons.ExitCode(exitCode)),
            c => new ContainerObservation { Name = c.Name!, LastStatus = TaskLifecycle.Stopped, ExitCode = c.Name == container ? exitCode : 0 });

    private static TaskObservation PullFailed(DesiredTask desired, ContainerDefinition container, DateTimeOffset pulling, DateTimeOffset now)
    {
        var registry = container.Image![..container.Image!.IndexOf('/')].Split(':')[0];
        var reason = StopReasons.CannotPullContainer(
            $"pull image manifest has been retried 1 time(s): failed to resolve ref {container.Image}: dial tcp: lookup {registry}: no such host");
        var stopped = StoppedObservation.Of(desired, now, StopCodes.TaskFailedToStart, reason,
            c => new ContainerObservation { Name = c.Name!, LastStatus = TaskLifecycle.Stopped, Reason = c.Name == container.Name ? reason : null });
        stopped.PullStartedAt = pulling;
        return stopped;
    }

    private async Task StopAsync(DesiredTask desired, SimulatedTask task)
    {
        try
        {
            var stopping = clock.GetUtcNow();
            task.End(stopping);
            await Task.Delay(_delays.StopDelay, clock, _stopping);
            var stopped = clock.GetUtcNow();
            reports.Add(new TaskObservation
            {
                TaskArn = desired.Arn,
                LastStatus = TaskLifecycle.Stopped,
                StoppingAt = stopping,
                ExecutionStoppedAt = stopped,
                StoppedAt = stopped,
                Containers = desired.Definition.ContainerDefinitions!.Select(c => new ContainerObservation
                {
                    Name = c.Name!, LastStatus = TaskLifecycle.Stopped, ExitCode = task.Running ? 0 : null,
                }).ToList(),
            });
            logger.LogDebug("Simulated task {TaskArn} stopped", desired.Arn);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Marks the observation of a task this runtime started as the simulated runtime's.</summary>
    private TaskObservation OnThisRuntime(TaskObservation observation)
    {
        observation.Attributes = Description.Attributes();
        return observation;
    }

    private static TaskObservation Running(DesiredTask desired, DateTimeOffset pulling, DateTimeOffset now)
    {
        var address = SimulatedAddress(desired.Id);
        var awsvpc = desired.Definition.NetworkMode == "awsvpc";
        var anyHealthCheck = desired.Definition.ContainerDefinitions!.Any(c => c.HealthCheck is not null);
        return new TaskObservation
        {
            TaskArn = desired.Arn,
            LastStatus = TaskLifecycle.Running,
            HealthStatus = anyHealthCheck ? "HEALTHY" : "UNKNOWN",
            Connectivity = "CONNECTED",
            ConnectivityAt = pulling,
            PullStartedAt = pulling,
            PullStoppedAt = now,
            StartedAt = now,
            Attachments = awsvpc ? NetworkAttachments.Attached(desired.Task.Attachments, address) : null,
            Containers = desired.Definition.ContainerDefinitions!.Select(c => new ContainerObservation
            {
                Name = c.Name!,
                LastStatus = TaskLifecycle.Running,
                HealthStatus = c.HealthCheck is null ? "UNKNOWN" : "HEALTHY",
                RuntimeId = $"simulated-{desired.Id}-{c.Name}",
                NetworkInterfaces = awsvpc ? NetworkAttachments.Interfaces(desired.Task.Attachments, address) : null,
                NetworkBindings = awsvpc ? null : c.PortMappings?.Select(p => new NetworkBinding
                {
                    BindIP = "0.0.0.0", ContainerPort = p.ContainerPort, HostPort = p.HostPort is > 0 ? p.HostPort : p.ContainerPort,
                    Protocol = p.Protocol ?? "tcp",
                }).ToList(),
            }).ToList(),
        };
    }

    /// <summary>A stable private address in 10.0.0.0/8 made from the task id, so a task keeps its address.</summary>
    private static string SimulatedAddress(string taskId) =>
        $"10.{Convert.ToInt32(taskId[..2], 16)}.{Convert.ToInt32(taskId[2..4], 16)}.{Math.Max(1, Convert.ToInt32(taskId[4..6], 16) % 255)}";

    private sealed class SimulatedTask
    {
        private readonly TaskCompletionSource<DateTimeOffset> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _stopClaimed;

        public volatile bool Running;

        /// <summary>When its containers started, once they have.</summary>
        public DateTimeOffset? StartedAt { get; set; }

        /// <summary>When its containers stopped: an essential one exited, a stop was asked, or the pull failed.</summary>
        public Task<DateTimeOffset> Ended => _ended.Task;

        public void End(DateTimeOffset at) => _ended.TrySetResult(at);

        public bool StopRequested => Volatile.Read(ref _stopClaimed) == 1;

        /// <summary>True for the one caller that gets to stop the task: a stop request, a failed pull or an essential exit.</summary>
        public bool TryClaimStop() => Interlocked.Exchange(ref _stopClaimed, 1) == 0;
    }
}
