using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.AppHost.Tests;

/// <summary>The application model the AppHost hands to Aspire, read back without starting anything.</summary>
public sealed class KecsServicesTests : IAsyncDisposable
{
    private const string MotoServerPath = "/opt/moto/bin/moto_server";
    private const string AccountId = "123456789012";

    private readonly Dictionary<IResource, DistributedApplication> _applications = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var application in _applications.Values.Distinct())
        {
            await application.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_four_services_are_project_resources_launched_from_their_built_DLLs()
    {
        var model = Model();

        foreach (var name in KecsServices.Names)
        {
            var project = Assert.IsType<ProjectResource>(model[name]);
            var launcher = project.Annotations.OfType<ExecutableAnnotation>().Single();
            Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(launcher.Command));
            var dll = Assert.IsType<string>(Assert.Single(await ArgumentsAsync(project)));
            Assert.True(File.Exists(dll), $"{name} is launched from {dll}, which is not built");
            Assert.Equal(Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath), launcher.WorkingDirectory);
        }
    }

    [Fact]
    public void The_gateway_listens_on_the_chosen_address_itself_and_the_others_on_loopback()
    {
        var model = Model(("Port", "6123"), ("Host", "0.0.0.0"));

        var gateway = Endpoint(model["gateway"]);
        Assert.Equal((6123, "0.0.0.0", false), (gateway.Port, gateway.TargetHost, gateway.IsProxied));
        foreach (var name in new[] { "ecsapi", "scheduler", "adminapi" })
        {
            var endpoint = Endpoint(model[name]);
            Assert.Equal((null, "127.0.0.1", false), (endpoint.Port, endpoint.TargetHost, endpoint.IsProxied));
        }
    }

    [Fact]
    public void The_gateway_waits_for_every_backend_and_the_backends_for_ecsapi()
    {
        var model = Model();

        Assert.Equal(["adminapi", "ecsapi", "scheduler"], WaitsFor(model["gateway"]));
        Assert.Equal(["ecsapi"], WaitsFor(model["scheduler"]));
        Assert.Equal(["ecsapi"], WaitsFor(model["adminapi"]));
        Assert.Empty(WaitsFor(model["ecsapi"]));
    }

    [Fact]
    public async Task Only_the_request_path_runs_socket_completions_inline_and_the_edge_ignores_forwarded_headers()
    {
        var model = Model();

        var ecsapi = await EnvironmentAsync(model["ecsapi"]);
        var gateway = await EnvironmentAsync(model["gateway"]);
        var scheduler = await EnvironmentAsync(model["scheduler"]);

        Assert.Equal("1", ecsapi[KecsServices.InlineSocketCompletions]);
        Assert.Equal("1", gateway[KecsServices.InlineSocketCompletions]);
        Assert.False(scheduler.ContainsKey(KecsServices.InlineSocketCompletions));
        Assert.Equal("false", gateway["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal("true", ecsapi["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
    }

    [Fact]
    public async Task The_internal_token_is_a_secret_parameter_that_only_the_backends_get()
    {
        var model = Model();

        var token = Assert.IsType<ParameterResource>(model["internal-token"]);
        Assert.True(token.Secret);
        Assert.Equal(64, (await token.GetValueAsync(TestContext.Current.CancellationToken))!.Length);
        foreach (var name in new[] { "ecsapi", "scheduler", "adminapi" })
        {
            Assert.Same(token, (await EnvironmentAsync(model[name]))["Internal__Token"]);
        }

        Assert.False((await EnvironmentAsync(model["gateway"])).ContainsKey("Internal__Token"));
    }

    [Fact]
    public async Task Moto_server_runs_on_a_loopback_port_of_its_own_with_EcsApis_account_and_the_services_are_pointed_at_it()
    {
        var model = Model();

        var moto = Assert.IsType<ExecutableResource>(model[AwsCompanion.ResourceName]);
        var endpoint = Endpoint(moto);
        Assert.Equal(MotoServerPath, moto.Command);
        Assert.Equal(("127.0.0.1", false), (endpoint.TargetHost, endpoint.IsProxied));
        Assert.Equal(["-H", "127.0.0.1", "-p", endpoint.Port.ToString()!], (await ArgumentsAsync(moto)).Cast<string>());
        Assert.Equal(AccountId, (await EnvironmentAsync(moto))["MOTO_ACCOUNT_ID"]);
        Assert.Equal(AccountId, (await EnvironmentAsync(model["ecsapi"]))["Ecs__AccountId"]);
        Assert.Contains(moto.Annotations, annotation => annotation is HealthCheckAnnotation);
        foreach (var name in new[] { "gateway", "scheduler", "adminapi" })
        {
            var environment = await EnvironmentAsync(model[name]);
            var reference = Assert.IsType<EndpointReference>(environment["Aws__Endpoint"]);
            Assert.Equal((moto, "http"), (reference.Resource, reference.EndpointName));
            Assert.Equal("moto_server started by Kecs", environment["Aws__Companion"]);
        }

        Assert.False((await EnvironmentAsync(model["ecsapi"])).ContainsKey("Aws__Endpoint"));
        Assert.All(model.Values, resource => Assert.DoesNotContain(AwsCompanion.ResourceName, WaitsFor(resource)));
    }

    [Theory]
    [InlineData("AwsEndpoint", "http://localhost:4566", "http://localhost:4566", "http://localhost:4566 (--aws-endpoint)")]
    [InlineData("Aws", "false", "", "none (--no-aws)")]
    public async Task Another_companion_or_none_starts_no_moto_server(string key, string value, string endpoint, string companion)
    {
        var model = Model((key, value));

        Assert.False(model.ContainsKey(AwsCompanion.ResourceName));
        foreach (var name in new[] { "gateway", "scheduler", "adminapi" })
        {
            var environment = await EnvironmentAsync(model[name]);
            Assert.Equal(endpoint, environment["Aws__Endpoint"]);
            Assert.Equal(companion, environment["Aws__Companion"]);
        }
    }

    [Fact]
    public void Without_moto_server_on_PATH_there_is_no_companion_and_the_description_says_how_to_get_one()
    {
        var companion = AwsCompanion.Choose(new AppHostOptions(), motoServerPath: null);

        Assert.Equal((null, null), (companion.MotoServerPath, companion.ExternalEndpoint));
        Assert.StartsWith("none: moto_server is not on PATH (pip install 'moto[server]'", companion.Description);
    }

    [Fact]
    public async Task Without_the_dashboard_no_service_is_pointed_at_an_OTLP_endpoint_that_is_not_there()
    {
        var withDashboard = await EnvironmentAsync(Model()["ecsapi"]);
        var without = await EnvironmentAsync(Model(("Dashboard", "false"))["ecsapi"]);

        Assert.True(withDashboard.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(without.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        // The end-to-end test's wait for metrics is as long as the SDK's default interval; this pins the short one.
        Assert.Equal("5000", withDashboard["OTEL_METRIC_EXPORT_INTERVAL"]);
    }

    /// <summary>The model for these settings, with moto_server on PATH (at <see cref="MotoServerPath"/>; nothing starts).</summary>
    private Dictionary<string, IResource> Model(params (string Key, string Value)[] settings)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"Kecs:{s.Key}", (string?)s.Value)))
            .Build().GetSection("Kecs");
        var options = AppHostOptions.Bind(section, out var error) with { AccountId = AccountId };
        Assert.Null(error);
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { DisableDashboard = !options.Dashboard });
        builder.AddKecs(options, AwsCompanion.Choose(options, MotoServerPath));
        var application = builder.Build();
        foreach (var resource in builder.Resources)
        {
            _applications.Add(resource, application);
        }

        return builder.Resources.ToDictionary(r => r.Name);
    }

    private static EndpointAnnotation Endpoint(IResource resource) => resource.Annotations.OfType<EndpointAnnotation>().Single();

    private static IEnumerable<string> WaitsFor(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).Order();

    private static async Task<IList<object>> ArgumentsAsync(IResource resource)
    {
        var context = new CommandLineArgsCallbackContext([], resource, TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.Args;
    }

    /// <summary>
    /// The environment the resource's callbacks set, with values unresolved (a string, or the parameter or endpoint it
    /// refers to): resolving an endpoint would wait for DCP to allocate it.
    /// </summary>
    private async Task<Dictionary<string, object>> EnvironmentAsync(IResource resource)
    {
        var executionContext = _applications[resource].Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var context = new EnvironmentCallbackContext(executionContext, resource, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return context.EnvironmentVariables;
    }
}
