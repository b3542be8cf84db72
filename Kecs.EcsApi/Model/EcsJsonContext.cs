using System.Text.Json.Serialization;
using Kecs.EcsApi.Clusters;

namespace Kecs.EcsApi.Model;

/// <summary>
/// Source-generated JSON for every request, response and stored document. Members are camelCase as in
/// the ECS model and absent values are left out rather than written as null.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateClusterRequest))]
[JsonSerializable(typeof(CreateClusterResponse))]
[JsonSerializable(typeof(DescribeClustersRequest))]
[JsonSerializable(typeof(DescribeClustersResponse))]
[JsonSerializable(typeof(ListClustersRequest))]
[JsonSerializable(typeof(ListClustersResponse))]
[JsonSerializable(typeof(ClusterDocument))]
[JsonSerializable(typeof(List<Tag>))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
