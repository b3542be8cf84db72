using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Kecs.Testing;

/// <summary>The real AWS CLI (whichever `aws` is on PATH), pointed at Kecs with throwaway credentials.</summary>
public static class AwsCli
{
    public static async Task<JsonNode> RunAsync(string endpointUrl, CancellationToken cancellation, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(endpointUrl, cancellation, args);
        Assert.True(exitCode == 0, $"aws {string.Join(' ', args)} exited with {exitCode}: {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    /// <summary>Runs the CLI and returns what it printed, whatever its exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(
        string endpointUrl, CancellationToken cancellation, params string[] args)
    {
        var start = new ProcessStartInfo("aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args.Concat(["--endpoint-url", endpointUrl, "--region", "us-east-1", "--output", "json"]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAKECSTESTS";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "kecs-tests";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return (process.ExitCode, await stdout, await stderr);
    }
}
