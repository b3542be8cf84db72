using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Attributes;

/// <summary>
/// PutAttributes, DeleteAttributes and ListAttributes. Attributes belong to container instances, and
/// Kecs runs tasks on Kubernetes without any, so every target is missing (TargetNotFoundException) and
/// every list is empty, exactly as ECS answers for a cluster without container instances.
/// </summary>
public sealed class AttributeOperations(EcsStore store)
{
    private const int MaxAttributes = 10;
    private const string ContainerInstance = "container-instance";

    public static void Map(EcsOperationRegistry operations) => operations.For<AttributeOperations>()
        .Map(EcsOperations.PutAttributes,
            static (ops, request, context, _) =>
            {
                ops.RequireTargets(request.Cluster, request.Attributes, context);
                return Task.FromResult(new PutAttributesResponse());
            })
        .Map(EcsOperations.DeleteAttributes,
            static (ops, request, context, _) =>
            {
                ops.RequireTargets(request.Cluster, request.Attributes, context);
                return Task.FromResult(new DeleteAttributesResponse());
            })
        .Map(EcsOperations.ListAttributes,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public ListAttributesResponse List(ListAttributesRequest request, EcsRequestContext context)
    {
        if (Required.Value(request.TargetType, "targetType") != ContainerInstance)
        {
            throw EcsException.InvalidParameter($"'{request.TargetType}' is not a valid targetType. Valid values: {ContainerInstance}.");
        }

        Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        Paging.ContinueAfter(request.NextToken);
        store.Read(state => ClusterStore.RequireActive(state, request.Cluster, context));
        return new ListAttributesResponse { Attributes = [] };
    }

    private void RequireTargets(string? cluster, List<EcsAttribute>? attributes, EcsRequestContext context)
    {
        var list = Required.Value(attributes, "attributes");
        if (list.Count is 0 or > MaxAttributes)
        {
            throw EcsException.InvalidParameter($"attributes must list between 1 and {MaxAttributes} attributes; {list.Count} were given.");
        }

        foreach (var attribute in list)
        {
            Required.Value(attribute.Name, "attributes.name");
            if (attribute.TargetType is { } type && type != ContainerInstance)
            {
                throw EcsException.InvalidParameter($"'{type}' is not a valid targetType. Valid values: {ContainerInstance}.");
            }
        }

        store.Read(state => ClusterStore.RequireActive(state, cluster, context));
        var target = list[0].TargetId ?? "";
        throw new EcsException("TargetNotFoundException",
            $"Could not find container instance '{target}'. Kecs runs tasks on Kubernetes and has no container instances to hold attributes.");
    }
}
