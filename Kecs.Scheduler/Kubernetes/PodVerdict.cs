using Kecs.Ecs.Internal;

namespace Kecs.Scheduler.Kubernetes;

/// <summary>
/// What a pod means for its task: the observation to report, and whether the rest of the pod must
/// be stopped (an essential container exited, or the task cannot start).
/// </summary>
public sealed record PodVerdict(TaskObservation Observation, bool StopPod);
