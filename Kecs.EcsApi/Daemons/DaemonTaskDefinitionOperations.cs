using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Daemons;

/// <summary>
/// Register, describe, delete and list daemon task definitions. A daemon task definition is checked as a task definition
/// for the EC2 launch type with the same members would be, and keeps the members the daemon shape has.
/// </summary>
public sealed class DaemonTaskDefinitionOperations(EcsStore store, TimeProvider clock)
{
    private static readonly string[] Statuses = [DaemonTaskDefinitionStore.Active, DaemonTaskDefinitionStore.DeleteInProgress, "ALL"];

    public static void Map(EcsOperationRegistry operations) => operations.For<DaemonTaskDefinitionOperations>()
        .Map(EcsOperations.RegisterDaemonTaskDefinition,
            static (ops, request, context, ct) => ops.RegisterAsync(request, context, ct))
        .Map(EcsOperations.DescribeDaemonTaskDefinition,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.DeleteDaemonTaskDefinition,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct))
        .Map(EcsOperations.ListDaemonTaskDefinitions,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)));

    public async Task<RegisterDaemonTaskDefinitionResponse> RegisterAsync(
        RegisterDaemonTaskDefinitionRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var asTaskDefinition = Documents.Convert(request, EcsOperations.RegisterDaemonTaskDefinition.Request, EcsOperations.RegisterTaskDefinition.Request);
        asTaskDefinition.RequiresCompatibilities = ["EC2"];
        var checkedDefinition = TaskDefinitionRegistration.Build(asTaskDefinition);
        var definition = Documents.Convert(checkedDefinition, EcsJsonContext.Default.TaskDefinition, EcsJsonContext.Default.DaemonTaskDefinition);
        var tags = TagValidation.Validate(request.Tags);
        var arn = await store.WriteAsync(write =>
        {
            definition.Revision = DaemonTaskDefinitionStore.NextRevision(write.State, context, definition.Family!);
            definition.DaemonTaskDefinitionArn = DaemonTaskDefinitionStore.Arn(context, definition.Family!, definition.Revision.Value);
            definition.Status = DaemonTaskDefinitionStore.Active;
            definition.RegisteredAt = clock.GetUtcNow();
            definition.RegisteredBy = context.CallerArn;
            DaemonTaskDefinitionStore.Save(write, definition, context);
            ResourceTagStore.Replace(write, definition.DaemonTaskDefinitionArn, tags);
            return definition.DaemonTaskDefinitionArn;
        }, cancellation);
        return new RegisterDaemonTaskDefinitionResponse { DaemonTaskDefinitionArn = arn };
    }

    public DescribeDaemonTaskDefinitionResponse Describe(DescribeDaemonTaskDefinitionRequest request, EcsRequestContext context)
    {
        var value = Required.Value(request.DaemonTaskDefinition, "daemonTaskDefinition");
        return store.Read(state => new DescribeDaemonTaskDefinitionResponse
        {
            DaemonTaskDefinition = DaemonTaskDefinitionStore.Find(state, value, context)
                                   ?? throw EcsException.Client($"Unable to describe daemon task definition {value}: it does not exist."),
        });
    }

    public async Task<DeleteDaemonTaskDefinitionResponse> DeleteAsync(
        DeleteDaemonTaskDefinitionRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var value = Required.Value(request.DaemonTaskDefinition, "daemonTaskDefinition");
        var arn = await store.WriteAsync(write =>
        {
            if (!value.Contains(':', StringComparison.Ordinal) || value.EndsWith(":", StringComparison.Ordinal))
            {
                throw EcsException.InvalidParameter($"Name the revision to delete as family:revision or by its ARN; '{value}' names none.");
            }

            var definition = DaemonTaskDefinitionStore.Find(write.State, value, context)
                             ?? throw EcsException.Client($"The daemon task definition {value} does not exist.");
            if (definition.Status != DaemonTaskDefinitionStore.Active)
            {
                throw EcsException.Client($"The daemon task definition {definition.DaemonTaskDefinitionArn} is {definition.Status}: only an ACTIVE one can be deleted.");
            }

            definition.Status = DaemonTaskDefinitionStore.DeleteInProgress;
            definition.DeleteRequestedAt = clock.GetUtcNow();
            DaemonTaskDefinitionStore.Save(write, definition, context);
            return definition.DaemonTaskDefinitionArn!;
        }, cancellation);
        return new DeleteDaemonTaskDefinitionResponse { DaemonTaskDefinitionArn = arn };
    }

    public ListDaemonTaskDefinitionsResponse List(ListDaemonTaskDefinitionsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var status = EnumValue.Require(request.Status ?? DaemonTaskDefinitionStore.Active, Statuses, "status");
        var descending = EnumValue.Require(request.Sort ?? "ASC", ["ASC", "DESC"], "sort") == "DESC";
        if (request.Revision is { } revision)
        {
            EnumValue.Require(revision, ["LAST_REGISTERED"], "revision");
        }

        var after = Paging.ContinueAfter(request.NextToken);
        var matching = store.Read(state => DaemonTaskDefinitionStore.All(state, context).ToList())
            .Where(d => status == "ALL" || d.Status == status)
            .Where(d => (request.Family is null || d.Family == request.Family)
                        && (request.FamilyPrefix is null || d.Family!.StartsWith(request.FamilyPrefix, StringComparison.Ordinal)));
        if (request.Revision is not null)
        {
            matching = matching.GroupBy(d => d.Family).Select(family => family.MaxBy(d => d.Revision)!);
        }

        var ordered = matching.OrderBy(d => d.Family, StringComparer.Ordinal).ThenBy(d => d.Revision).ToList();
        if (descending)
        {
            ordered.Reverse();
        }

        var remaining = after.Length == 0 ? ordered : ordered.SkipWhile(d => d.DaemonTaskDefinitionArn != after).Skip(1).ToList();
        var page = remaining.Take(pageSize).ToList();
        return new ListDaemonTaskDefinitionsResponse
        {
            DaemonTaskDefinitions = page.Select(d => new DaemonTaskDefinitionSummary
            {
                Arn = d.DaemonTaskDefinitionArn, RegisteredAt = d.RegisteredAt, RegisteredBy = d.RegisteredBy, DeleteRequestedAt = d.DeleteRequestedAt,
                Status = d.Status,
            }).ToList(),
            NextToken = remaining.Count > pageSize ? Paging.NextToken(page[^1].DaemonTaskDefinitionArn!) : null,
        };
    }
}
