using System.Diagnostics;

namespace Kecs.AppHost.Tests;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> package) driven from its command line: the DOM a page
/// has once its scripts ran, and a screenshot kept with the test results.
/// </summary>
public sealed class Chromium
{
    private static readonly TimeSpan ScriptTime = TimeSpan.FromSeconds(5);
    private readonly string _executable;

    private Chromium(string executable) => _executable = executable;

    public string Executable => _executable;

    /// <summary>The installed browser; the test is skipped without one, except in CI, where it fails.</summary>
    public static Chromium Find()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .SelectMany(directory => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return new Chromium(found);
        }

        const string Reason = "Chromium is not installed (apt-get install chromium); .ci/run installs it.";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", Reason);
        Assert.Skip(Reason);
        return null!;
    }

    public async Task<string> DumpDomAsync(string url, CancellationToken cancellation) =>
        (await RunAsync(cancellation, "--dump-dom", url)).Stdout;

    /// <summary>Saves a screenshot under the test output's <c>TestResults</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string url, string fileName, CancellationToken cancellation)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        var path = Path.Combine(directory, fileName);
        await RunAsync(cancellation, "--window-size=1280,800", "--hide-scrollbars", $"--screenshot={path}", url);
        return path;
    }

    private async Task<(string Stdout, string Stderr)> RunAsync(CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // Root in a container has no user namespaces for Chromium's sandbox; the pages are our own.
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     $"--user-data-dir={Directory.CreateTempSubdirectory("kecs-chromium-").FullName}",
                     $"--virtual-time-budget={ScriptTime.TotalMilliseconds}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return (await stdout, await stderr);
    }
}
