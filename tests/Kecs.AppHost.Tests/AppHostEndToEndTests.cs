using System.Text.RegularExpressions;
using System.Diagnostics;

namespace Kecs.AppHost.Tests;

/// <summary>The AppHost started as a user would, driven with the real AWS CLI, then stopped or killed.</summary>
public sealed partial class AppHostEndToEndTests
{
    /// <summary>Aspire's DCP, which the AppHost leaves to stop what it started, takes seconds to go after it.</summary>
    private static readonly TimeSpan ChildrenGoneWithin = TimeSpan.FromSeconds(40);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AwsCliWorksThroughTheGateway_AndSigintStopsEveryChild()
    {
        await using var appHost = AppHostProcess.Start(dashboard: true);
        var children = await ReadyWithFourServicesAsync(appHost);

        var created = await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "create-cluster", "--cluster-name", "e2e");
        var listed = await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "list-clusters");

        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:cluster/e2e", created["cluster"]!["clusterArn"]!.GetValue<string>());
        Assert.Equal("ACTIVE", created["cluster"]!["status"]!.GetValue<string>());
        Assert.Equal(["arn:aws:ecs:us-east-1:000000000000:cluster/e2e"],
            listed["clusterArns"]!.AsArray().Select(arn => arn!.GetValue<string>()));

        ProcessTree.Signal(appHost.Pid, ProcessTree.SigInt);

        Assert.Equal(0, await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await AssertAllGoneAsync(children);
    }

    [Fact]
    public async Task SigkillOfTheAppHost_LeavesNoChildRunning()
    {
        await using var appHost = AppHostProcess.Start(dashboard: true);
        var children = await ReadyWithFourServicesAsync(appHost);

        ProcessTree.Signal(appHost.Pid, ProcessTree.SigKill);

        await appHost.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await AssertAllGoneAsync(children);
    }

    [Fact]
    public async Task ACrashedChild_IsRestarted()
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilReadyAsync(Cancellation);
        var ecsApi = appHost.ServicePid("Kecs.EcsApi")!.Value;

        ProcessTree.Signal(ecsApi, ProcessTree.SigKill);

        var deadline = Stopwatch.StartNew();
        while (!appHost.Output.Contains("ecsapi is healthy again") && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, Cancellation);
        }

        Assert.Matches(CrashedAndRestarting(), appHost.Output);
        var listed = await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "list-clusters");
        Assert.NotNull(listed["clusterArns"]);
    }

    [Fact]
    public async Task AChildThatCrashesAgainWhileBeingRestarted_IsRestartedAgain()
    {
        await using var appHost = AppHostProcess.Start(environment: new() { ["Kecs__Restart__FirstDelay"] = "00:00:00.1" });
        await appHost.WaitUntilReadyAsync(Cancellation);
        var first = appHost.ServicePid("Kecs.EcsApi")!.Value;
        ProcessTree.Signal(first, ProcessTree.SigKill);

        var deadline = Stopwatch.StartNew();
        int? restarted;
        while ((restarted = appHost.ServicePid("Kecs.EcsApi")) is null || restarted == first)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "EcsApi was not restarted");
            await Task.Delay(10, Cancellation);
        }

        Assert.DoesNotContain("ecsapi is healthy again", appHost.Output);
        ProcessTree.Signal(restarted.Value, ProcessTree.SigKill);
        while (!appHost.Output.Contains("ecsapi is healthy again") && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100, Cancellation);
        }

        Assert.Equal(2, CrashedAndRestarting().Count(appHost.Output));
        var listed = await AwsCli.RunAsync(appHost.EndpointUrl, Cancellation, "ecs", "list-clusters");
        Assert.NotNull(listed["clusterArns"]);
    }

    [Fact]
    public async Task ASecondKecsOnTheSameDataDirectory_StopsWithAClearReason()
    {
        await using var first = AppHostProcess.Start();
        await first.WaitUntilReadyAsync(Cancellation);
        await using var second = AppHostProcess.Start(first.DataDirectory);

        Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("is in use by another process", second.Output);
        Assert.Contains("ecsapi exited with code", second.Output);
    }

    [Theory]
    [InlineData("--port", "none")]
    [InlineData("--runtime", "docker")]
    [InlineData("--unknown", "x")]
    [InlineData("--aws-endpoint", "localhost:4566")]
    public async Task InvalidOptions_ExitWithCode2AndOneLine(string option, string value)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { AppHostProcess.AppHostDll, option, value })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync(Cancellation);
        await process.WaitForExitAsync(Cancellation);

        Assert.Equal(2, process.ExitCode);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains(option, stderr);
    }

    /// <summary>Every process of the AppHost once its four services are up: those, DCP's, the dashboard's and moto_server's.</summary>
    private static async Task<IReadOnlyList<int>> ReadyWithFourServicesAsync(AppHostProcess appHost)
    {
        await appHost.WaitUntilReadyAsync(Cancellation);
        Assert.Equal(4, appHost.ServicePids().Count);
        var all = appHost.AllPids();
        Assert.Contains(all, pid => ProcessTree.CommandLine(pid).Contains("Aspire.Dashboard", StringComparison.Ordinal));
        if (RunningKecs.HasMotoServer)
        {
            Assert.Contains(all, pid => ProcessTree.CommandLine(pid).Contains(AwsCompanion.MotoServer, StringComparison.Ordinal));
        }

        return all;
    }

    [GeneratedRegex(@"ecsapi exited with code -?\d+; restarting in [\d.]+ s")]
    private static partial Regex CrashedAndRestarting();

    private static async Task AssertAllGoneAsync(IReadOnlyList<int> pids)
    {
        var deadline = Stopwatch.StartNew();
        while (pids.Any(ProcessTree.IsAlive) && deadline.Elapsed < ChildrenGoneWithin)
        {
            await Task.Delay(100, Cancellation);
        }

        Assert.DoesNotContain(pids, ProcessTree.IsAlive);
    }
}
