using System.Reflection;

namespace Kecs.AppHost;

/// <summary>
/// One Kecs service as the AppHost runs it: which project, which services it waits for, which it
/// calls (and so gets <c>services__&lt;name&gt;__http__0</c> for), and its own settings.
/// </summary>
public sealed record ServiceDefinition(
    string Name,
    string Project,
    IReadOnlyList<string> WaitsFor,
    IReadOnlyList<string> References,
    IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The built DLL and project folder embedded at build time (see build/ReferencedApps.targets).</summary>
    public (string Dll, string ProjectDirectory) Location()
    {
        var metadata = typeof(ServiceDefinition).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        return (metadata[$"App:{Project}"]!, metadata[$"AppDir:{Project}"]!);
    }

    /// <summary>
    /// Runs socket completions, and with them Kestrel's request code (Kecs.ServiceDefaults' InlineRequestScheduling),
    /// on the socket's event thread instead of handing each to the thread pool. On two shared cores each hand-off is a
    /// thread wake-up; on the request path (the gateway, and EcsApi, which answers from memory and hands writes to its
    /// writer) this gave 10-15 % more requests a second at every concurrency of the api benchmark; Kestrel's part then
    /// took DescribeClusters through the gateway from 9.7k to 11.1k requests a second at concurrency 32. The Scheduler
    /// and AdminApi keep the default: they do blocking work.
    /// </summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// The services of Kecs in start order: ecsapi, then scheduler and adminapi, then the gateway.
    /// EcsApi, the Scheduler and AdminApi share <paramref name="internalToken"/> for the internal API.
    /// </summary>
    public static IReadOnlyList<ServiceDefinition> All(AppHostOptions options, string internalToken) =>
    [
        new("ecsapi", "Kecs.EcsApi", WaitsFor: [], References: [],
            new Dictionary<string, string>
            {
                ["Storage__DataDirectory"] = options.DataDir,
                [InlineSocketCompletions] = "1",
                ["Internal__Token"] = internalToken,
            }),
        new("scheduler", "Kecs.Scheduler", WaitsFor: ["ecsapi"], References: ["ecsapi"],
            new Dictionary<string, string>
            {
                ["Scheduler__Runtime"] = options.Runtime,
                ["Scheduler__KubeContext"] = options.KubeContext ?? "",
                ["Internal__Token"] = internalToken,
            }),
        new("adminapi", "Kecs.AdminApi", WaitsFor: ["ecsapi"], References: ["ecsapi", "scheduler", "gateway"],
            new Dictionary<string, string> { ["Internal__Token"] = internalToken }),
        new("gateway", "Kecs.Gateway", WaitsFor: ["ecsapi", "scheduler", "adminapi"], References: ["ecsapi", "adminapi"],
            // The gateway is the edge: it must take the caller's address from the connection, never from a
            // client's X-Forwarded-For, or anyone could pass as a caller on loopback to AdminApi.
            new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "false", [InlineSocketCompletions] = "1" }),
    ];
}
