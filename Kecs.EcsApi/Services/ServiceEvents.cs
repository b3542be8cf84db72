using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Services;

/// <summary>A service's events as ECS keeps them: newest first, the latest 100.</summary>
public static class ServiceEvents
{
    public const int Max = 100;

    public static void Add(Service service, string message, DateTimeOffset now)
    {
        var added = new ServiceEvent { Id = Guid.NewGuid().ToString(), CreatedAt = now, Message = message };
        service.Events = [added, .. (service.Events ?? []).Take(Max - 1)];
    }
}
