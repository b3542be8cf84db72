namespace Kecs.Ecs;

/// <summary>The deployment circuit breaker's arithmetic, shared by the Scheduler (which trips it) and EcsApi (which reports it).</summary>
public static class CircuitBreaker
{
    /// <summary>ECS's failure threshold: half the desired count rounded up, at least 3 and at most 200.</summary>
    public static int Threshold(int desiredCount) => Math.Clamp((int)Math.Ceiling(desiredCount / 2.0), 3, 200);
}
