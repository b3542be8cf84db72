using Microsoft.Extensions.Options;

namespace Kecs.AdminApi.Components;

/// <summary>The processes AdminApi watches and operates, by the names service discovery knows them under.</summary>
public sealed class KecsComponents(IHttpClientFactory clients, IOptions<AdminOptions> options)
{
    public static readonly string[] Names = ["gateway", "ecsapi", "scheduler"];

    public ComponentClient Gateway { get; } = new(clients, "gateway", options);
    public ComponentClient EcsApi { get; } = new(clients, "ecsapi", options);
    public ComponentClient Scheduler { get; } = new(clients, "scheduler", options);
}
