using Microsoft.Extensions.Configuration;

namespace Kecs.AppHost.Tests;

public class ServiceDefinitionTests
{
    [Fact]
    public void Only_the_request_path_runs_socket_completions_inline()
    {
        var options = AppHostOptions.Bind(new ConfigurationBuilder().Build().GetSection("Kecs"), out _);

        var inline = ServiceDefinition.All(options, "token")
            .Where(service => service.Settings.GetValueOrDefault(ServiceDefinition.InlineSocketCompletions) == "1")
            .Select(service => service.Name);

        Assert.Equal(["ecsapi", "gateway"], inline.Order());
    }
}
