using System.Text;

namespace Kecs.AppHost.Tests;

/// <summary>The AWS CLI through the gateway for services other than ECS, served by the moto_server Kecs starts.</summary>
[Collection(nameof(KecsCollection))]
public sealed class AwsCompanionTests(RunningKecs kecs)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_IAM_and_S3_calls_reach_moto_through_the_gateway_with_Kecs_account_in_their_ARNs()
    {
        RunningKecs.SkipWithoutMotoServer();

        var endpoint = kecs.EndpointUrl;
        var directory = Directory.CreateTempSubdirectory("kecs-aws-").FullName;
        var upload = Path.Combine(directory, "app.env");
        await File.WriteAllTextAsync(upload, "GREETING=hello from S3\n", Cancellation);

        await SilentAsync("logs", "create-log-group", "--log-group-name", "/ecs/companion");
        var groups = await AwsCli.RunAsync(endpoint, Cancellation, "logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/companion");
        var role = await AwsCli.RunAsync(endpoint, Cancellation, "iam", "create-role", "--role-name", "companion-task",
            "--assume-role-policy-document", """{"Version":"2012-10-17","Statement":[]}""");
        await AwsCli.RunAsync(endpoint, Cancellation, "s3api", "create-bucket", "--bucket", "companion");
        await AwsCli.RunAsync(endpoint, Cancellation, "s3api", "put-object", "--bucket", "companion", "--key", "env/app.env", "--body", upload);
        await AwsCli.RunAsync(endpoint, Cancellation, "s3api", "get-object", "--bucket", "companion", "--key", "env/app.env",
            Path.Combine(directory, "downloaded.env"));

        Assert.Equal("arn:aws:logs:us-east-1:000000000000:log-group:/ecs/companion:*",
            Assert.Single(groups["logGroups"]!.AsArray())!["arn"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::000000000000:role/companion-task", role["Role"]!["Arn"]!.GetValue<string>());
        Assert.Equal("GREETING=hello from S3\n", await File.ReadAllTextAsync(Path.Combine(directory, "downloaded.env"), Encoding.UTF8, Cancellation));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A CLI call that prints nothing when it succeeds.</summary>
    private async Task SilentAsync(params string[] args)
    {
        var (exitCode, _, stderr) = await AwsCli.RunRawAsync(kecs.EndpointUrl, Cancellation, args);
        Assert.True(exitCode == 0, $"aws {string.Join(' ', args)} exited with {exitCode}: {stderr}");
    }
}
