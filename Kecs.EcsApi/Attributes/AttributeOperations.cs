using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.ContainerInstances;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Attributes;

/// <summary>
/// PutAttributes, DeleteAttributes and ListAttributes on container instances, named by id or ARN in
/// <c>targetId</c>; an instance the cluster does not have is TargetNotFoundException, one that would have more than 10
/// custom attributes AttributeLimitExceededException.
/// </summary>
public sealed class AttributeOperations(EcsStore store)
{
    private const int MaxAttributes = 10;
    private const string ContainerInstance = "container-instance";

    public static void Map(EcsOperationRegistry operations) => operations.For<AttributeOperations>()
        .Map(EcsOperations.PutAttributes,
            static async (ops, request, context, ct) => new PutAttributesResponse
            {
                Attributes = await ops.ChangeAsync(request.Cluster, request.Attributes, context, remove: false, ct),
            })
        .Map(EcsOperations.DeleteAttributes,
            static async (ops, request, context, ct) => new DeleteAttributesResponse
            {
                Attributes = await ops.ChangeAsync(request.Cluster, request.Attributes, context, remove: true, ct),
            })
        .Map(EcsOperations.ListAttributes,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public ListAttributesResponse List(ListAttributesRequest request, EcsRequestContext context)
    {
        RequireTargetType(Required.Value(request.TargetType, "targetType"));
        if (request.AttributeValue is not null && request.AttributeName is null)
        {
            throw EcsException.InvalidParameter("attributeValue can only be given with attributeName: name the attribute whose value you filter on.");
        }

        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var after = int.TryParse(Paging.ContinueAfter(request.NextToken), out var position) ? position : 0;
        var attributes = store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            return ContainerInstanceStore.All(state, cluster)
                .SelectMany(instance => (instance.Attributes ?? []).Select(attribute => new EcsAttribute
                {
                    Name = attribute.Name, Value = attribute.Value, TargetType = ContainerInstance, TargetId = instance.ContainerInstanceArn,
                }))
                .Where(attribute => (request.AttributeName is null || attribute.Name == request.AttributeName)
                                    && (request.AttributeValue is null || attribute.Value == request.AttributeValue))
                .ToList();
        });
        var page = attributes.Skip(after).Take(pageSize).ToList();
        return new ListAttributesResponse
        {
            Attributes = page,
            NextToken = attributes.Count > after + pageSize ? Paging.NextToken((after + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
        };
    }

    private async Task<List<EcsAttribute>> ChangeAsync(
        string? clusterName, List<EcsAttribute>? attributes, EcsRequestContext context, bool remove, CancellationToken cancellation)
    {
        var list = Required.Value(attributes, "attributes");
        if (list.Count is 0 or > MaxAttributes)
        {
            throw EcsException.InvalidParameter($"attributes must list between 1 and {MaxAttributes} attributes; {list.Count} were given.");
        }

        foreach (var attribute in list)
        {
            if (remove)
            {
                Required.Value(attribute.Name, "attributes.name");
            }
            else
            {
                AttributeValidation.Check(attribute);
            }

            RequireTargetType(attribute.TargetType ?? ContainerInstance);
        }

        return await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, clusterName, context);
            foreach (var group in list.GroupBy(attribute => Required.Value(attribute.TargetId, "attributes.targetId")))
            {
                var arn = ContainerInstanceStore.ArnIn(cluster, group.Key);
                if (arn is not null && ContainerInstanceStore.IsNode(write.State, cluster, arn))
                {
                    throw EcsException.InvalidParameter(
                        $"The container instance {group.Key} is a Kubernetes node: its attributes are the node's labels; label the node to change them.");
                }

                var instance = (arn is null ? null : ContainerInstanceStore.FindRegistered(write.State, arn)) is { Status: not ContainerInstanceStore.Inactive } found
                    ? found
                    : throw new EcsException("TargetNotFoundException", $"Could not find container instance '{group.Key}' in cluster {cluster.ClusterName}.");
                var names = group.Select(attribute => attribute.Name).ToHashSet();
                var kept = (instance.Attributes ?? []).Where(attribute => !names.Contains(attribute.Name));
                instance.Attributes = remove
                    ? kept.ToList()
                    : [.. kept, .. group.Select(attribute => new EcsAttribute { Name = attribute.Name, Value = attribute.Value })];
                AttributeValidation.RequireWithinLimit(instance.Attributes, $"container instance {group.Key}");
                ContainerInstanceStore.Save(write, instance, cluster.ClusterArn!);
            }

            return list;
        }, cancellation);
    }

    private static void RequireTargetType(string type)
    {
        if (type != ContainerInstance)
        {
            throw EcsException.InvalidParameter($"'{type}' is not a valid targetType. Valid values: {ContainerInstance}.");
        }
    }
}
