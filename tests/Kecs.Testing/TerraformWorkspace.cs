using System.Diagnostics;
using Xunit;

namespace Kecs.Testing;

/// <summary>
/// A Terraform working directory whose AWS provider talks to one Kecs endpoint, configured the way emulator users
/// configure it (fake keys, no STS, no account lookup). The provider comes from the machine's filesystem mirror
/// (a folder named <c>tf-plugins</c>); a machine without Terraform or the mirror skips the test.
/// </summary>
public sealed class TerraformWorkspace : IDisposable
{
    private static readonly string[] MirrorCandidates = ["/opt/tf-plugins", "/tf-plugins", "/usr/local/tf-plugins", "/usr/share/tf-plugins"];
    private readonly string _directory = Directory.CreateTempSubdirectory("kecs-terraform-").FullName;
    private readonly Uri _endpoint;

    private TerraformWorkspace(Uri endpoint, string mirror)
    {
        _endpoint = endpoint;
        File.WriteAllText(Path.Combine(_directory, "terraformrc"), $$"""
            provider_installation {
              filesystem_mirror {
                path    = "{{mirror}}"
                include = ["registry.terraform.io/hashicorp/aws"]
              }
            }
            """);
    }

    public static TerraformWorkspace CreateOrSkip(Uri ecsEndpoint)
    {
        var mirror = Environment.GetEnvironmentVariable("KECS_TF_PLUGINS") is { Length: > 0 } given
            ? given
            : MirrorCandidates.FirstOrDefault(Directory.Exists);
        if (mirror is null || FindOnPath("terraform") is null)
        {
            Assert.Skip("Terraform and its AWS provider mirror (a tf-plugins folder) are not on this machine.");
        }

        return new TerraformWorkspace(ecsEndpoint, mirror);
    }

    /// <summary>Writes the configuration: the provider block with Kecs as its ECS endpoint, then <paramref name="resources"/>.</summary>
    public void Configure(string resources) => Write($$"""
          endpoints {
            ecs = "{{_endpoint.GetLeftPart(UriPartial.Authority)}}"
          }
        """, resources);

    /// <summary>
    /// Writes the configuration with no endpoint in the provider block: every service goes where <c>AWS_ENDPOINT_URL</c>
    /// (Kecs) says, as a user points a whole stack at Kecs.
    /// </summary>
    public void ConfigureForEveryService(string resources) => Write("", resources);

    private void Write(string endpoints, string resources) => File.WriteAllText(Path.Combine(_directory, "main.tf"), $$"""
        provider "aws" {
          region                      = "us-east-1"
          access_key                  = "test"
          secret_key                  = "test"
          skip_credentials_validation = true
          skip_requesting_account_id  = true
          skip_metadata_api_check     = true
          skip_region_validation      = true
        {{endpoints}}
        }

        {{resources}}
        """);

    /// <summary>Runs <c>terraform ARGS</c> here; returns the exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("terraform") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Append("-no-color"))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TF_CLI_CONFIG_FILE"] = Path.Combine(_directory, "terraformrc");
        start.Environment["TF_IN_AUTOMATION"] = "1";
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["AWS_ENDPOINT_URL"] = _endpoint.GetLeftPart(UriPartial.Authority);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // A whole stack's apply waits for its load balancer (about a minute against moto) and its service's steady state.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>Runs terraform and fails the test, with its output, unless it exits with <paramref name="expected"/>.</summary>
    public async Task<string> ExpectAsync(int expected, params string[] args)
    {
        var (exitCode, output) = await RunAsync(args);
        Assert.True(exitCode == expected, $"terraform {string.Join(' ', args)} exited {exitCode}:\n{output}");
        return output;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, program))
        .FirstOrDefault(File.Exists);
}
