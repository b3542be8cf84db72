using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Kecs.AppHost;

/// <summary>
/// The k3d cluster <c>--runtime k3d</c> runs tasks on: reused when it exists, created (and waited for) when it does
/// not, and its kubeconfig written under the data directory for the Scheduler. k3d runs Kubernetes in Docker, so both
/// CLIs must be on PATH.
/// </summary>
public sealed class K3dCluster(string name, string dataDirectory)
{
    public const string DefaultName = "kecs";
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromMinutes(5);

    public string Name => name;

    /// <summary>The kubeconfig context k3d gives the cluster.</summary>
    public string Context => $"k3d-{name}";

    public string KubeconfigPath => Path.Combine(dataDirectory, $"k3d-{name}.kubeconfig");

    /// <summary>What to install, in one line, when the k3d or docker CLI is not on PATH; null when both are.</summary>
    public static string? MissingTools()
    {
        var missing = new[] { "k3d", "docker" }.Where(tool => LocalMachine.FindOnPath(tool) is null).ToList();
        return missing.Count == 0
            ? null
            : $"--runtime k3d needs the {string.Join(" and ", missing)} CLI on PATH (k3d runs Kubernetes in Docker: install Docker, "
              + "then k3d from https://k3d.io); or use --runtime kubernetes with a cluster of your own, or --runtime simulated.";
    }

    /// <summary>Creates the cluster unless it exists, then writes its kubeconfig to <see cref="KubeconfigPath"/>.</summary>
    /// <returns>Whether the cluster was created now.</returns>
    public async Task<bool> EnsureAsync(Action<string> say, CancellationToken cancellation)
    {
        var created = false;
        if (!await ExistsAsync(cancellation))
        {
            say($"creating the k3d cluster '{name}' (once; it is reused by later runs)");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(CreateTimeout);
            await RunAsync(timeout.Token, "cluster", "create", name, "--wait", "--timeout", $"{CreateTimeout.TotalSeconds:0}s");
            created = true;
        }

        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllTextAsync(KubeconfigPath, await RunAsync(cancellation, "kubeconfig", "get", name), cancellation);
        return created;
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellation)
    {
        var listed = await RunAsync(cancellation, "cluster", "list", "--output", "json");
        return JsonNode.Parse(listed)?.AsArray().Any(cluster => cluster?["name"]?.GetValue<string>() == name) ?? false;
    }

    private static async Task<string> RunAsync(CancellationToken cancellation, params string[] arguments)
    {
        var start = new ProcessStartInfo(LocalMachine.FindOnPath("k3d") ?? "k3d") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        if (process.ExitCode != 0)
        {
            throw new K3dException($"k3d {string.Join(' ', arguments)} failed (exit code {process.ExitCode}): {(await stderr).Trim()}");
        }

        return await stdout;
    }
}

/// <summary>A k3d command failed; the message has its output.</summary>
public sealed class K3dException(string message) : Exception(message);
