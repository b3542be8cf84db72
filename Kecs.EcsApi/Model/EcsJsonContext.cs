using System.Text.Json.Serialization;
using Kecs.Ecs.Model;

namespace Kecs.EcsApi.Model;

/// <summary>
/// Source-generated JSON for every stored document (the requests and responses of every operation have theirs in
/// <c>Protocol/EcsOperations.g.cs</c>, with the same options). Member names come from the
/// ECS model (<see cref="JsonPropertyNameAttribute"/> on the generated shapes), timestamps are epoch
/// seconds, and absent values are left out rather than written as null.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Cluster))]
[JsonSerializable(typeof(TaskDefinition))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(EcsTask))]
[JsonSerializable(typeof(ServiceDeployment))]
[JsonSerializable(typeof(ServiceRevision))]
[JsonSerializable(typeof(TaskOverride))]
[JsonSerializable(typeof(NetworkConfiguration))]
[JsonSerializable(typeof(ServiceConnectConfiguration))]
[JsonSerializable(typeof(List<Tag>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<CapacityProviderStrategyItem>))]
[JsonSerializable(typeof(List<LoadBalancer>))]
[JsonSerializable(typeof(List<ServiceRegistry>))]
[JsonSerializable(typeof(List<ServiceVolumeConfiguration>))]
[JsonSerializable(typeof(List<VpcLatticeConfiguration>))]
[JsonSerializable(typeof(ECSExpressGatewayService))]
[JsonSerializable(typeof(CapacityProvider))]
[JsonSerializable(typeof(ContainerInstance))]
[JsonSerializable(typeof(CreateManagedInstancesProviderConfiguration))]
[JsonSerializable(typeof(List<ContainerDefinition>))]
[JsonSerializable(typeof(DaemonTaskDefinition))]
[JsonSerializable(typeof(DaemonDeployment))]
[JsonSerializable(typeof(Daemons.StoredDaemon))]
[JsonSerializable(typeof(string))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
