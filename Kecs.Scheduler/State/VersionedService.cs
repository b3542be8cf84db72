using Kecs.Ecs.Model;

namespace Kecs.Scheduler.State;

/// <summary>A service as the change feed last described it, and its version: the sequence of that description.</summary>
public sealed record VersionedService(Service Service, long Version);
