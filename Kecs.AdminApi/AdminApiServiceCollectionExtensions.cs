using Kecs.AdminApi.Components;
using Kecs.AdminApi.Health;
using Kecs.AdminApi.Metrics;
using Kecs.AdminApi.Operations;
using Kecs.AdminApi.View;
using Kecs.Ecs.Internal;

namespace Kecs.AdminApi;

public static class AdminApiServiceCollectionExtensions
{
    public const string RoutePrefix = "/admin";

    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admin");
        builder.Services.AddSingleton(TimeProvider.System);
        foreach (var name in KecsComponents.Names)
        {
            // No retries: AdminApi reports what each part does now, and streams logs for as long as they last.
            // Removing ServiceDefaults' resilience handler is still marked experimental.
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient(name, http =>
                {
                    http.BaseAddress = new Uri($"http://{name}");
                    http.DefaultRequestHeaders.Add(InternalApi.TokenHeader, builder.Configuration["Internal:Token"] ?? "");
                    http.Timeout = Timeout.InfiniteTimeSpan;
                })
                .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        builder.Services.AddSingleton<KecsComponents>();
        builder.Services.AddSingleton<SystemHealth>();
        builder.Services.AddSingleton<SystemView>();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kecs admin API";
            document.Info.Description = "Health, information, metrics, operations and task logs of a local ECS control plane.";
            // Reached through the gateway: the address AdminApi sees is not the one callers use.
            document.Servers = [];
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapAdminApi(this WebApplication app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = RoutePrefix });
        app.UseStaticFiles(new StaticFileOptions { RequestPath = RoutePrefix });
        app.MapOpenApi(RoutePrefix + "/openapi/{documentName}.json");
        app.MapGroup(RoutePrefix)
            .MapHealthEndpoints()
            .MapInfoEndpoints()
            .MapMetricsEndpoint()
            .MapOperationsEndpoints()
            .MapLogsEndpoint()
            .MapViewEndpoints();
        return app;
    }
}
