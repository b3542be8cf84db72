using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.Tagging;

/// <summary>TagResource, UntagResource and ListTagsForResource for clusters, services, tasks and task definitions.</summary>
public sealed class TagOperations(EcsStore store)
{
    public static void Map(EcsOperationRegistry operations) => operations.For<TagOperations>()
        .Map(EcsOperations.TagResource,
            static (ops, request, context, ct) => ops.TagAsync(request, context, ct))
        .Map(EcsOperations.UntagResource,
            static (ops, request, context, ct) => ops.UntagAsync(request, context, ct))
        .Map(EcsOperations.ListTagsForResource,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public async Task<TagResourceResponse> TagAsync(TagResourceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var resourceArn = ResourceArn(request.ResourceArn, context);
        var tags = TagValidation.Validate(Required.Value(request.Tags, "tags"));
        await store.WriteAsync(write =>
        {
            TaggableResource.RequireExists(write.State, resourceArn);
            var merged = TagValidation.Merge(ResourceTagStore.Read(write.State, resourceArn), tags);
            ResourceTagStore.Replace(write, resourceArn, merged);
            return merged;
        }, cancellation);
        return new TagResourceResponse();
    }

    public async Task<UntagResourceResponse> UntagAsync(UntagResourceRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var resourceArn = ResourceArn(request.ResourceArn, context);
        var keys = Required.Value(request.TagKeys, "tagKeys");
        await store.WriteAsync(write =>
        {
            TaggableResource.RequireExists(write.State, resourceArn);
            var remaining = ResourceTagStore.Read(write.State, resourceArn).Where(tag => !keys.Contains(tag.Key!)).ToList();
            ResourceTagStore.Replace(write, resourceArn, remaining);
            return remaining;
        }, cancellation);
        return new UntagResourceResponse();
    }

    public ListTagsForResourceResponse List(ListTagsForResourceRequest request, EcsRequestContext context)
    {
        var resourceArn = ResourceArn(request.ResourceArn, context);
        return store.Read(state =>
        {
            TaggableResource.RequireExists(state, resourceArn);
            return new ListTagsForResourceResponse { Tags = ResourceTagStore.Read(state, resourceArn) };
        });
    }

    private static string ResourceArn(string? value, EcsRequestContext context) =>
        EcsArn.InAccount(Required.Value(value, "resourceArn"), context.AccountId);
}
