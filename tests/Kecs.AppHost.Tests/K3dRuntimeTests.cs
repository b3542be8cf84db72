using Kecs.Testing;
using Kecs.Testing.FakeKube;

namespace Kecs.AppHost.Tests;

/// <summary>
/// <c>--runtime k3d</c> with stand-ins for the k3d and docker CLIs on PATH: the stand-in k3d records its arguments, knows
/// the clusters it "created" and hands out a kubeconfig of the fake API server as the cluster's.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class K3dRuntimeTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_AppHost_creates_the_k3d_cluster_once_and_runs_tasks_on_it()
    {
        await using var kube = await FakeKubeApiServer.StartAsync();
        var tools = StandIns(kube);
        var dataDirectory = Directory.CreateTempSubdirectory("kecs-k3d-").FullName;

        await using (var first = StartWithStandIns(tools, dataDirectory))
        {
            await first.WaitUntilReadyAsync(Cancellation);
            var ecs = first.Ecs();
            await ecs.OkAsync("CreateCluster", """{"clusterName": "k3d"}""");
            await ecs.RegisterAsync("""{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64}]}""");
            await ecs.OkAsync("RunTask", """{"cluster": "k3d", "taskDefinition": "web"}""");
            await Eventually.TrueAsync(() => kube.Pods().Count == 1, "the task's pod on the k3d cluster");
            Assert.Contains("creating the k3d cluster 'kecs'", first.Output);
        }

        await using var second = StartWithStandIns(tools, dataDirectory);
        await second.WaitUntilReadyAsync(Cancellation);

        var calls = File.ReadAllLines(Path.Combine(tools, "k3d.calls"));
        Assert.Equal(1, calls.Count(call => call.StartsWith("cluster create kecs --wait", StringComparison.Ordinal)));
        Assert.Equal(2, calls.Count(call => call == "kubeconfig get kecs"));
        Assert.DoesNotContain("creating the k3d cluster", second.Output);
    }

    [Fact]
    public async Task Without_the_k3d_CLI_the_AppHost_says_what_to_install_and_starts_nothing()
    {
        var tools = Directory.CreateTempSubdirectory("kecs-no-k3d-").FullName;
        WriteScript(Path.Combine(tools, "docker"), "exit 0");
        await using var appHost = AppHostProcess.Start(runtime: "k3d", environment: new() { ["PATH"] = tools });

        Assert.Equal(1, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var error = Assert.Single(appHost.Output.Split('\n'), line => line.StartsWith("kecs:", StringComparison.Ordinal));
        Assert.Contains("needs the k3d CLI on PATH", error);
        Assert.Contains("https://k3d.io", error);
    }

    private static AppHostProcess StartWithStandIns(string tools, string dataDirectory) =>
        AppHostProcess.Start(dataDirectory, runtime: "k3d", environment: new()
        {
            ["PATH"] = $"{tools}:{Environment.GetEnvironmentVariable("PATH")}",
        });

    /// <summary>A directory with stand-in <c>k3d</c> and <c>docker</c> executables.</summary>
    private static string StandIns(FakeKubeApiServer kube)
    {
        var tools = Directory.CreateTempSubdirectory("kecs-k3d-tools-").FullName;
        // As k3d names them: the context is k3d-<cluster>.
        var kubeconfig = Path.Combine(tools, "k3d-kubeconfig");
        File.WriteAllText(kubeconfig, File.ReadAllText(kube.WriteKubeconfig(tools)).Replace("fake", "k3d-kecs"));
        WriteScript(Path.Combine(tools, "docker"), "exit 0");
        WriteScript(Path.Combine(tools, "k3d"), $$"""
            echo "$*" >> "{{tools}}/k3d.calls"
            case "$1 $2" in
              "cluster list") if [ -f "{{tools}}/created" ]; then echo '[{"name": "kecs"}]'; else echo '[]'; fi ;;
              "cluster create") touch "{{tools}}/created" ;;
              "kubeconfig get") cat "{{kubeconfig}}" ;;
              *) echo "unexpected: $*" >&2; exit 1 ;;
            esac
            """);
        return tools;
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
