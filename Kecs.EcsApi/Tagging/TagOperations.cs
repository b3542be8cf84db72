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
            static (ops, request, _, ct) => ops.TagAsync(request, ct))
        .Map(EcsOperations.UntagResource,
            static (ops, request, _, ct) => ops.UntagAsync(request, ct))
        .Map(EcsOperations.ListTagsForResource,
            static (ops, request, _, _) => Task.FromResult(ops.List(request)));

    public async Task<TagResourceResponse> TagAsync(TagResourceRequest request, CancellationToken cancellation)
    {
        var tags = TagValidation.Validate(Required.Value(request.Tags, "tags"));
        await store.WriteAsync(write =>
        {
            TaggableResource.RequireExists(write.State, request.ResourceArn);
            var merged = TagValidation.Merge(ResourceTagStore.Read(write.State, request.ResourceArn!), tags);
            ResourceTagStore.Replace(write, request.ResourceArn!, merged);
            return merged;
        }, cancellation);
        return new TagResourceResponse();
    }

    public async Task<UntagResourceResponse> UntagAsync(UntagResourceRequest request, CancellationToken cancellation)
    {
        var keys = Required.Value(request.TagKeys, "tagKeys");
        await store.WriteAsync(write =>
        {
            TaggableResource.RequireExists(write.State, request.ResourceArn);
            var remaining = ResourceTagStore.Read(write.State, request.ResourceArn!).Where(tag => !keys.Contains(tag.Key!)).ToList();
            ResourceTagStore.Replace(write, request.ResourceArn!, remaining);
            return remaining;
        }, cancellation);
        return new UntagResourceResponse();
    }

    public ListTagsForResourceResponse List(ListTagsForResourceRequest request) =>
        store.Read(state =>
        {
            TaggableResource.RequireExists(state, request.ResourceArn);
            return new ListTagsForResourceResponse { Tags = ResourceTagStore.Read(state, request.ResourceArn!) };
        });
}
