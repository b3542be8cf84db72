using Microsoft.Extensions.Configuration;

namespace Kecs.AppHost.Tests;

public class AppHostOptionsTests
{
    [Fact]
    public void Bind_WithNothingConfigured_UsesTheDefaults()
    {
        var options = AppHostOptions.Bind(Section(), out var error);

        Assert.Null(error);
        Assert.Equal((5373, "127.0.0.1", "auto", null), (options.Port, options.Host, options.Runtime, options.KubeContext));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kecs", "data"), options.DataDir);
        Assert.Equal("http://127.0.0.1:5373", options.GatewayUrl);
        Assert.Equal((true, "http://127.0.0.1:18888"), (options.Dashboard, options.DashboardUrl));
        Assert.Equal((true, null, "000000000000"), (options.Aws, options.AwsEndpoint, options.AccountId));
    }

    [Fact]
    public void Bind_ReadsEveryOption()
    {
        var options = AppHostOptions.Bind(Section(("Port", "6001"), ("Host", "::1"), ("DataDir", "~/kecs-state"),
            ("Runtime", "kubernetes"), ("KubeContext", "k3d-dev"), ("Dashboard", "false"), ("DashboardPort", "19000")), out var error);

        Assert.Null(error);
        Assert.Equal((false, 19000), (options.Dashboard, options.DashboardPort));
        Assert.Equal((6001, "::1", "kubernetes", "k3d-dev"), (options.Port, options.Host, options.Runtime, options.KubeContext));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "kecs-state"), options.DataDir);
        Assert.Equal("http://[::1]:6001", options.GatewayUrl);
    }

    [Fact]
    public void Bind_ReadsTheAwsCompanionOptions()
    {
        var external = AppHostOptions.Bind(Section(("AwsEndpoint", "http://localhost:4566")), out var externalError);
        var none = AppHostOptions.Bind(Section(("Aws", "false")), out var noneError);

        Assert.Equal((null, null), (externalError, noneError));
        Assert.Equal((true, "http://localhost:4566"), (external.Aws, external.AwsEndpoint));
        Assert.Equal((false, null), (none.Aws, none.AwsEndpoint));
    }

    [Theory]
    [InlineData("Port", "http", "--port")]
    [InlineData("Port", "0", "--port")]
    [InlineData("Port", "70000", "--port")]
    [InlineData("Host", "example.com", "--host")]
    [InlineData("Runtime", "docker", "--runtime")]
    [InlineData("DataDir", " ", "--data-dir")]
    [InlineData("DashboardPort", "-1", "--dashboard-port")]
    [InlineData("Dashboard", "maybe", "Kecs:Dashboard")]
    [InlineData("Aws", "maybe", "Kecs:Aws")]
    [InlineData("AwsEndpoint", "localhost:4566", "--aws-endpoint")]
    [InlineData("AwsEndpoint", "ftp://localhost:4566", "--aws-endpoint")]
    [InlineData("AwsEndpoint", "/var/run/aws", "--aws-endpoint")]
    public void Bind_RejectsInvalidValues_InOneLine(string key, string value, string option)
    {
        AppHostOptions.Bind(Section((key, value)), out var error);

        Assert.NotNull(error);
        Assert.StartsWith(option, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Bind_RefusesAnAwsEndpointWithNoAws()
    {
        AppHostOptions.Bind(Section(("AwsEndpoint", "http://localhost:4566"), ("Aws", "false")), out var error);

        Assert.Equal("--aws-endpoint (Kecs:AwsEndpoint) and --no-aws (Kecs:Aws false) exclude each other", error);
    }

    [Fact]
    public void Restart_DoublesTheDelayWhileAServiceKeepsCrashing_AndStartsOverAfterAStableRun()
    {
        var policy = AppHostOptions.Bind(Section(("Restart:FirstDelay", "00:00:00.5"), ("Restart:LongestDelay", "00:00:03"),
            ("Restart:StableRun", "00:00:10")), out var error).Restart;

        Assert.Null(error);
        var delays = new List<TimeSpan>();
        TimeSpan? delay = null;
        foreach (var run in new[] { 1, 1, 1, 1, 1, 11, 1 })
        {
            delay = policy.NextDelay(delay, TimeSpan.FromSeconds(run));
            delays.Add(delay.Value);
        }

        Assert.Equal(new[] { 0.5, 1, 2, 3, 3, 0.5, 1 }, delays.Select(d => d.TotalSeconds));
    }

    [Theory]
    [InlineData("Restart:FirstDelay", "soon")]
    [InlineData("Restart:StableRun", "-00:00:01")]
    [InlineData("Restart:LongestDelay", "00:00:00.1")]
    public void Bind_RejectsRestartDelaysThatAreNotDurations_OrLongestShorterThanFirst(string key, string value)
    {
        AppHostOptions.Bind(Section((key, value)), out var error);

        Assert.NotNull(error);
        Assert.StartsWith("Kecs:Restart:", error);
    }

    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"Kecs:{v.Key}", v.Value)))
            .Build()
            .GetSection("Kecs");
}
