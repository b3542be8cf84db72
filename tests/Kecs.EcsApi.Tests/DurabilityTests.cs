namespace Kecs.EcsApi.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task EveryResource_SurvivesARestart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("kecs-durability-").FullName;
        string taskArn;
        long lastSequence;
        await using (var first = new EcsApiFactory(dataDirectory))
        {
            var ecs = first.CreateEcsClient();
            await ecs.ClusterAsync();
            await ecs.RegisterAsync();
            await ecs.ServiceAsync();
            taskArn = (await ecs.RunTaskAsync(""", "clientToken": "once" """))["taskArn"].Text();
            await ecs.OkAsync("PutAccountSetting", """{"name": "containerInsights", "value": "enabled"}""");
            lastSequence = (await new InternalClient(first).ChangesAsync(0))["lastSequence"]!.GetValue<long>();
        }

        await using var second = new EcsApiFactory(dataDirectory);
        var again = second.CreateEcsClient();

        Assert.Equal(2, (await again.OkAsync("DescribeServices", """{"cluster": "demo", "services": ["websvc"]}"""))["services"]![0]!["desiredCount"]!.GetValue<int>());
        Assert.Equal(taskArn, (await again.RunTaskAsync(""", "clientToken": "once" """))["taskArn"].Text());
        Assert.Equal(2, (await again.RegisterAsync())["revision"]!.GetValue<int>());
        Assert.Single((await again.OkAsync("ListAccountSettings"))["settings"]!.AsArray());
        await again.ClusterAsync("after-restart");
        var newChange = (await new InternalClient(second).ChangesAsync(lastSequence))["changes"]!.AsArray().Single()!;
        Assert.Equal(lastSequence + 1, newChange["sequence"]!.GetValue<long>());
    }
}
