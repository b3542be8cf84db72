namespace Kecs.Testing;

/// <summary>The Kecs repository the tests run in.</summary>
public static class Repository
{
    /// <summary>The folder that holds Kecs.sln, found upwards from the test binaries.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kecs.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException($"The tests do not run inside the Kecs repository ({AppContext.BaseDirectory}).");
        }
    }
}
