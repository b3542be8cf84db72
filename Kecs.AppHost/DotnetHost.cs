namespace Kecs.AppHost;

/// <summary>Finds the <c>dotnet</c> executable that runs this AppHost, to run the services with it.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var current = Environment.ProcessPath;
        if (current is not null && System.IO.Path.GetFileName(current) == executable)
        {
            return current;
        }

        // Started through the AppHost's own launcher (as `dotnet run` does): the runtime lives in
        // <root>/shared/Microsoft.NETCore.App/<version>/ and the muxer in <root>.
        foreach (var root in new[]
                 {
                     Environment.GetEnvironmentVariable("DOTNET_ROOT"),
                     System.IO.Path.GetFullPath(System.IO.Path.Combine(
                         System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
                 })
        {
            var candidate = root is null ? null : System.IO.Path.Combine(root, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return executable;
    }
}
