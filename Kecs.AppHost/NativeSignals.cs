using System.Runtime.InteropServices;

namespace Kecs.AppHost;

/// <summary>
/// .NET can receive POSIX signals but not send them; a graceful stop of a child needs SIGTERM.
/// </summary>
internal static class NativeSignals
{
    private const int SigTerm = 15;

    public static bool TryTerminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
