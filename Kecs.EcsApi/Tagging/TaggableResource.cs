using Kecs.Ecs;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Daemons;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.TaskDefinitions;
using Kecs.EcsApi.Tasks;

using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Tagging;

/// <summary>Checks that a <c>resourceArn</c> names a taggable resource that exists.</summary>
public static class TaggableResource
{
    public static void RequireExists(EcsState state, string value)
    {
        var arn = EcsArn.Parse(value) ?? throw EcsException.InvalidParameter($"'{value}' is not a valid ECS resource ARN.");
        var exists = arn switch
        {
            { ResourceType: "cluster" } => ClusterExists(state, value),
            { ResourceType: "service", Segments: [var cluster, _] } => ClusterExists(state, $"arn:aws:ecs:{arn.Region}:{arn.Account}:cluster/{cluster}")
                                                                       && ServiceStore.Find(state, value) is { Service.Status: not ServiceStore.Inactive },
            { ResourceType: "service" } => throw EcsException.InvalidParameter(
                "Services with the short ARN format (service/NAME) cannot be tagged. Use the long format service/CLUSTER/NAME."),
            { ResourceType: "task", Segments: [var cluster, _] } => ClusterExists(state, $"arn:aws:ecs:{arn.Region}:{arn.Account}:cluster/{cluster}") && TaskStore.Find(state, value) is not null,
            { ResourceType: "task-definition" } => TaskDefinitionStore.Find(state, value) is not null,
            { ResourceType: "capacity-provider", ResourcePath: "FARGATE" or "FARGATE_SPOT" } => throw EcsException.InvalidParameter(
                "The capacity providers FARGATE and FARGATE_SPOT are built in and cannot be tagged."),
            { ResourceType: "capacity-provider" } => CapacityProviderStore.Find(state, value) is { Status: CapacityProviderStore.Active },
            { ResourceType: "daemon", Segments: [var cluster, _] } => ClusterExists(state, $"arn:aws:ecs:{arn.Region}:{arn.Account}:cluster/{cluster}")
                                                                      && DaemonStore.Find(state, value) is { Status: not StoredDaemon.Deleted },
            { ResourceType: "daemon-task-definition" } => DaemonTaskDefinitionStore.Find(state, value) is not null,
            _ => throw EcsException.InvalidParameter(
                $"'{value}' does not name a resource type Kecs can tag (cluster, service, task, task-definition, capacity-provider, daemon, daemon-task-definition)."),
        };
        if (!exists)
        {
            throw new EcsException("ResourceNotFoundException", $"The specified resource could not be found: {value}.");
        }
    }

    // A resource in a cluster that does not exist is reported as the missing cluster, as ECS does.
    private static bool ClusterExists(EcsState state, string clusterArn) =>
        ClusterStore.Find(state, clusterArn) is { Status: ClusterStore.Active } ? true : throw EcsException.ClusterNotFound();
}
