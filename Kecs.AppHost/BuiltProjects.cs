using System.Reflection;
using Aspire.Hosting.ApplicationModel;

namespace Kecs.AppHost;

/// <summary>
/// Launches a project resource from the DLL built with this AppHost (<c>dotnet Kecs.X.dll</c>) instead of Aspire's
/// default <c>dotnet run --project</c>: every <c>dotnet run</c> evaluates the project with MSBuild and stays beside the
/// service as a process of its own, which on two cores doubled the CPU seconds of a start and added hundreds of MB.
/// </summary>
public static class BuiltProjects
{
    /// <summary>The built DLL and project folder of <paramref name="project"/>, embedded at build time (build/ReferencedApps.targets).</summary>
    public static (string Dll, string ProjectDirectory) Location(string project)
    {
        var metadata = typeof(BuiltProjects).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value);
        return (metadata[$"App:{project}"]!, metadata[$"AppDir:{project}"]!);
    }

    /// <summary>
    /// Aspire's project launcher uses the command of an <see cref="ExecutableAnnotation"/> on a project resource, with
    /// the resource's own arguments and none of its <c>run --project</c> arguments.
    /// </summary>
    public static IResourceBuilder<ProjectResource> FromBuiltDll(this IResourceBuilder<ProjectResource> builder, string project)
    {
        var (dll, directory) = Location(project);
        return builder
            .WithAnnotation(new ExecutableAnnotation { Command = DotnetHost.Path, WorkingDirectory = directory }, ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(dll);
    }
}
