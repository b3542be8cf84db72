namespace Kecs.AppHost.Tests;

public class CommandLineTests
{
    [Fact]
    public void Parse_MapsEveryOptionToItsConfigurationKey()
    {
        var result = CommandLine.Parse(["--port", "6000", "--host=0.0.0.0", "--data-dir", "/tmp/k", "--runtime=simulated",
            "--kube-context", "k3d-kecs", "--no-dashboard", "--dashboard-port=19000", "--aws-endpoint", "http://localhost:4566", "--no-aws"]);

        Assert.Null(result.Error);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Kecs:Port"] = "6000",
            ["Kecs:Host"] = "0.0.0.0",
            ["Kecs:DataDir"] = "/tmp/k",
            ["Kecs:Runtime"] = "simulated",
            ["Kecs:KubeContext"] = "k3d-kecs",
            ["Kecs:Dashboard"] = "false",
            ["Kecs:DashboardPort"] = "19000",
            ["Kecs:AwsEndpoint"] = "http://localhost:4566",
            ["Kecs:Aws"] = "false",
        }, result.Settings);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--port" }, "option '--port' needs a value")]
    [InlineData(new[] { "--port", "--runtime", "auto" }, "option '--port' needs a value")]
    [InlineData(new[] { "serve" }, "unknown option 'serve'")]
    public void Parse_ExplainsWhatIsWrong(string[] args, string error) =>
        Assert.Equal(error, CommandLine.Parse(args).Error);

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Parse_RecognisesHelp(string flag) => Assert.True(CommandLine.Parse([flag]).ShowHelp);
}
