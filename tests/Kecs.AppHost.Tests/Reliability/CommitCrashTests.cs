using Kecs.Testing;

namespace Kecs.AppHost.Tests.Reliability;

/// <summary>
/// EcsApi dies in the one gap its writes have: after DuckDB committed a write and before memory has it (and so
/// before the caller got an answer). The write must be there when EcsApi is back, loaded from the database.
/// </summary>
[Trait("Category", "reliability")]
public sealed class CommitCrashTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_committed_just_before_EcsApi_died_is_there_after_its_restart()
    {
        await using var appHost = AppHostProcess.Start(environment: new()
        {
            // The test hook: EcsApi stops dead right after each DuckDB commit, before publishing the new state.
            ["Storage__CrashAfterCommit"] = "true",
            ["Kecs__Restart__FirstDelay"] = "00:00:00.1",
        });
        await appHost.WaitUntilReadyAsync(Cancellation);
        var ecs = appHost.Ecs();
        var firstPid = appHost.ServicePid("Kecs.EcsApi");

        var answer = await TryCallAsync(ecs, "CreateCluster", """{"clusterName": "committed-then-crashed"}""");

        Assert.NotEqual(200, answer);
        await Eventually.TrueAsync(async () =>
                appHost.ServicePid("Kecs.EcsApi") is { } pid && pid != firstPid
                && await TryCallAsync(ecs, "DescribeClusters", """{"clusters": ["committed-then-crashed"]}""") == 200,
            () => $"EcsApi to come back after the crash:\n{appHost.Output}");
        var described = await ecs.OkAsync("DescribeClusters", """{"clusters": ["committed-then-crashed"]}""");
        Assert.Equal("ACTIVE", described["clusters"]![0]!["status"]!.GetValue<string>());
        Assert.Contains("Storage:CrashAfterCommit", appHost.Output, StringComparison.Ordinal);
    }

    /// <summary>The HTTP status of a call, or 0 when the connection failed.</summary>
    private static async Task<int> TryCallAsync(EcsClient ecs, string operation, string json)
    {
        try
        {
            return (await ecs.CallAsync(operation, json)).Status;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return 0;
        }
    }
}
