using Kecs.EcsApi.AccountSettings;
using Kecs.EcsApi.Attributes;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Daemons;
using Kecs.EcsApi.Express;
using Kecs.EcsApi.Internal;
using Kecs.EcsApi.Observability;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.ServiceDeployments;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.Tagging;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;
using Kecs.EcsApi.TaskSets;

namespace Kecs.EcsApi;

public static class EcsApiServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddEcsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EcsOptions>().BindConfiguration("Ecs");
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChangeNotifier>();
        builder.Services.AddSingleton<EcsDatabase>();
        builder.Services.AddSingleton<EcsStore>();
        builder.Services.AddSingleton<EcsApiMetrics>();
        builder.Services.AddSingleton<StoppedTaskJanitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StoppedTaskJanitor>());
        builder.Services.AddSingleton<ChangeFeedReader>();
        builder.Services.AddSingleton<ObservationApplier>();
        builder.Services.AddSingleton<ServiceActionsApplier>();
        builder.Services.AddSingleton<DaemonActionsApplier>();
        builder.Services.AddHealthChecks().AddCheck<EcsDatabaseHealthCheck>("storage");

        builder.Services.AddSingleton<ClusterOperations>();
        builder.Services.AddSingleton<TaskDefinitionOperations>();
        builder.Services.AddSingleton<ServiceOperations>();
        builder.Services.AddSingleton<ServiceDeploymentOperations>();
        builder.Services.AddSingleton<TaskOperations>();
        builder.Services.AddSingleton<TaskProtectionOperations>();
        builder.Services.AddSingleton<TaskSetOperations>();
        builder.Services.AddSingleton<ExpressServiceOperations>();
        builder.Services.AddSingleton<ContainerInstanceOperations>();
        builder.Services.AddSingleton<StartTaskOperation>();
        builder.Services.AddSingleton<AgentOperations>();
        builder.Services.AddSingleton<TagOperations>();
        builder.Services.AddSingleton<AccountSettingOperations>();
        builder.Services.AddSingleton<AttributeOperations>();
        builder.Services.AddSingleton<CapacityProviderOperations>();
        builder.Services.AddSingleton<DaemonTaskDefinitionOperations>();
        builder.Services.AddSingleton<DaemonOperations>();
        builder.Services.AddSingleton<DaemonDeploymentOperations>();

        var operations = new EcsOperationRegistry();
        ClusterOperations.Map(operations);
        TaskDefinitionOperations.Map(operations);
        ServiceOperations.Map(operations);
        ServiceDeploymentOperations.Map(operations);
        TaskOperations.Map(operations);
        TaskProtectionOperations.Map(operations);
        TaskSetOperations.Map(operations);
        ExpressServiceOperations.Map(operations);
        ContainerInstanceOperations.Map(operations);
        StartTaskOperation.Map(operations);
        AgentOperations.Map(operations);
        TagOperations.Map(operations);
        AccountSettingOperations.Map(operations);
        AttributeOperations.Map(operations);
        CapacityProviderOperations.Map(operations);
        DaemonTaskDefinitionOperations.Map(operations);
        DaemonOperations.Map(operations);
        DaemonDeploymentOperations.Map(operations);
        builder.Services.AddSingleton(operations);
        return builder;
    }
}
