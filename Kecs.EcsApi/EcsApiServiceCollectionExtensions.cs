using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi;

public static class EcsApiServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddEcsApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EcsOptions>().BindConfiguration("Ecs");
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        builder.Services.AddSingleton<EcsDatabase>();
        builder.Services.AddHealthChecks().AddCheck<EcsDatabaseHealthCheck>("storage");

        builder.Services.AddSingleton<ClusterStore>();
        builder.Services.AddSingleton<ClusterOperations>();

        var operations = new EcsOperationRegistry();
        ClusterOperations.Map(operations);
        builder.Services.AddSingleton(operations);
        return builder;
    }
}
