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
    }

    [Fact]
    public void Bind_ReadsEveryOption()
    {
        var options = AppHostOptions.Bind(Section(("Port", "6001"), ("Host", "::1"), ("DataDir", "~/kecs-state"),
            ("Runtime", "kubernetes"), ("KubeContext", "k3d-dev")), out var error);

        Assert.Null(error);
        Assert.Equal((6001, "::1", "kubernetes", "k3d-dev"), (options.Port, options.Host, options.Runtime, options.KubeContext));
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "kecs-state"), options.DataDir);
        Assert.Equal("http://[::1]:6001", options.GatewayUrl);
    }

    [Theory]
    [InlineData("Port", "http", "--port")]
    [InlineData("Port", "0", "--port")]
    [InlineData("Port", "70000", "--port")]
    [InlineData("Host", "example.com", "--host")]
    [InlineData("Runtime", "docker", "--runtime")]
    [InlineData("DataDir", " ", "--data-dir")]
    public void Bind_RejectsInvalidValues_InOneLine(string key, string value, string option)
    {
        AppHostOptions.Bind(Section((key, value)), out var error);

        Assert.NotNull(error);
        Assert.StartsWith(option, error);
        Assert.DoesNotContain('\n', error);
    }

    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"Kecs:{v.Key}", v.Value)))
            .Build()
            .GetSection("Kecs");
}
