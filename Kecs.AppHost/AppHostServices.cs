using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kecs.AppHost;

/// <summary>What the AppHost runs beside Aspire's own services: its console, and the watchers of the Kecs services.</summary>
internal static class AppHostServices
{
    public static void AddAppHostServices(
        this IDistributedApplicationBuilder builder, AppHostOptions options, AwsCompanion companion, string? dashboardLoginUrl)
    {
        builder.Services.AddLogging(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            // Starting services answer no health probe yet; the dashboard shows their health, the console their own logs.
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.None)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Warning));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(companion);
        // Hosted services stop in reverse order of registration: the CrashRestarter stops watching before OrderedStop
        // stops the services, and both run before Aspire's orchestrator stops (registered before any of these).
        builder.Services.AddHostedService<OrderedStop>();
        builder.Services.AddHostedService<ServiceLogEcho>();
        builder.Services.AddSingleton(services => new StartupSummary(
            services.GetRequiredService<ResourceNotificationService>(), options, companion, dashboardLoginUrl,
            services.GetRequiredService<IHostApplicationLifetime>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<StartupSummary>());
        builder.Services.AddHostedService<CrashRestarter>();
    }
}
