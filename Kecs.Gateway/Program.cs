using Kecs.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAwsCompanion();
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy(proxy =>
{
    proxy.Use(RequestGuardMiddleware.InvokeAsync);
    proxy.Use(BackendUnavailableMiddleware.InvokeAsync);
    proxy.Use(AwsCompanionMiddleware.InvokeAsync);
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.MapUnknownRequestFallback();

app.Run();

public partial class Program;
