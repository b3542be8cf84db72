using System.Diagnostics;
using Kecs.Ecs.Internal;
using Kecs.Scheduler.Companion;
using Kecs.Scheduler.Companion.Logs;
using Kecs.Scheduler.Convergence;
using Kecs.Scheduler.Feed;
using Kecs.Scheduler.Observability;
using Kecs.Scheduler.Reporting;
using Kecs.Scheduler.Runtime;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>The EcsApi address as service discovery resolves it (<c>services__ecsapi__http__0</c>).</summary>
    public const string EcsApiAddress = "http://ecsapi";

    public static IServiceCollection AddScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration("Scheduler").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ActivitySource(typeof(SchedulerWorker).Assembly.GetName().Name!));
        services.AddHttpClient<EcsApiInternalClient>(http =>
        {
            http.BaseAddress = new Uri(EcsApiAddress);
            http.DefaultRequestHeaders.Add(InternalApi.TokenHeader, configuration["Internal:Token"] ?? "");
        });

        services.AddOptions<AwsCompanionOptions>().BindConfiguration("Aws");
        // No resilience handler: a PutLogEvents retried after a late answer would write its lines twice. The callers try
        // again themselves, from the companion's state.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
        services.AddHttpClient<AwsCompanion>().RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.AddSingleton<TaskSecretsReader>();
        services.AddSingleton<CloudWatchLogs>();
        services.AddSingleton<TaskStartPreparation>();
        services.AddSingleton<LogShipping>();

        services.AddSingleton<DesiredState>();
        services.AddSingleton<ReconcileQueue>();
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<ReportQueue>();
        services.AddSingleton<ActiveRuntime>();
        services.AddSingleton<RuntimeSelector>();
        services.AddSingleton<ChangeFeedFollower>();
        services.AddSingleton<ServiceScheduler>();
        services.AddSingleton<DaemonScheduler>();
        services.AddSingleton<TaskSetScheduler>();
        services.AddSingleton<Reconciler>();
        services.AddHostedService<ReportSender>();
        services.AddHostedService<SchedulerWorker>();
        services.AddHealthChecks().AddCheck<RuntimeHealthCheck>("runtime");
        return services;
    }
}
