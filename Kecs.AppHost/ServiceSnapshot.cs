using Aspire.Hosting.ApplicationModel;

namespace Kecs.AppHost;

internal static class ServiceSnapshot
{
    /// <summary>The service's process has ended (DCP says Exited, or Finished for one it saw end on its own).</summary>
    public static bool HasExited(this CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state && (state == KnownResourceStates.Exited || state == KnownResourceStates.Finished);
}
