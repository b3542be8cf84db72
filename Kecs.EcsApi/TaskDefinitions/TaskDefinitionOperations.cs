using System.Globalization;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>Register, describe, list, deregister and delete task definitions.</summary>
public sealed class TaskDefinitionOperations(EcsStore store, TimeProvider clock)
{
    private const int MaxDelete = 10;

    public static void Map(EcsOperationRegistry operations) => operations.For<TaskDefinitionOperations>()
        .Map(EcsOperations.RegisterTaskDefinition,
            static (ops, request, context, ct) => ops.RegisterAsync(request, context, ct))
        .Map(EcsOperations.DescribeTaskDefinition,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)))
        .Map(EcsOperations.ListTaskDefinitions,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.ListTaskDefinitionFamilies,
            static (ops, request, context, _) => Task.FromResult(ops.ListFamilies(request, context)))
        .Map(EcsOperations.DeregisterTaskDefinition,
            static (ops, request, context, ct) => ops.DeregisterAsync(request, context, ct))
        .Map(EcsOperations.DeleteTaskDefinitions,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct));

    public async Task<RegisterTaskDefinitionResponse> RegisterAsync(
        RegisterTaskDefinitionRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var definition = TaskDefinitionRegistration.Build(request);
        var tags = TagValidation.Validate(request.Tags);
        await store.WriteAsync(write => TaskDefinitionStore.Register(write, definition, tags, context, clock.GetUtcNow()), cancellation);
        return new RegisterTaskDefinitionResponse { TaskDefinition = definition, Tags = tags };
    }

    public DescribeTaskDefinitionResponse Describe(DescribeTaskDefinitionRequest request, EcsRequestContext context)
    {
        var includeTags = IncludeParser.Tags(request.Include);
        var reference = TaskDefinitionReference.Parse(Required.Value(request.TaskDefinition, "taskDefinition"), context);
        return store.Read(state =>
        {
            var definition = (reference is null ? null : TaskDefinitionStore.Find(state, reference, context))
                             ?? throw EcsException.Client("Unable to describe task definition.");
            return new DescribeTaskDefinitionResponse
            {
                TaskDefinition = definition,
                Tags = includeTags ? ResourceTagStore.Read(state, definition.TaskDefinitionArn!) : null,
            };
        });
    }

    public ListTaskDefinitionsResponse List(ListTaskDefinitionsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var status = EnumValue.Require(request.Status ?? TaskDefinitionStore.Active, [TaskDefinitionStore.Active, TaskDefinitionStore.Inactive, TaskDefinitionStore.DeleteInProgress], "status");
        var descending = EnumValue.Require(request.Sort ?? "ASC", ["ASC", "DESC"], "sort") == "DESC";
        var after = ParseListKey(Paging.ContinueAfter(request.NextToken));
        var rows = store.Read(state => TaskDefinitionStore.List(
            state, context, string.IsNullOrEmpty(request.FamilyPrefix) ? null : request.FamilyPrefix, status, descending, after, pageSize + 1));
        var page = rows.Take(pageSize).ToList();
        return new ListTaskDefinitionsResponse
        {
            TaskDefinitionArns = page.Select(row => row.Arn).ToList(),
            NextToken = rows.Count > pageSize
                ? Paging.NextToken($"{page[^1].Revision.ToString(CultureInfo.InvariantCulture)}:{page[^1].Family}")
                : null,
        };
    }

    public ListTaskDefinitionFamiliesResponse ListFamilies(ListTaskDefinitionFamiliesRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 100, largestSize: 100);
        var status = EnumValue.Require(request.Status ?? "ALL", ["ACTIVE", "INACTIVE", "ALL"], "status");
        var after = Paging.ContinueAfter(request.NextToken);
        var rows = store.Read(state =>
            TaskDefinitionStore.Families(state, context, request.FamilyPrefix ?? "", status, after, pageSize + 1));
        var page = rows.Take(pageSize).ToList();
        return new ListTaskDefinitionFamiliesResponse
        {
            Families = page,
            NextToken = rows.Count > pageSize ? Paging.NextToken(page[^1]) : null,
        };
    }

    public async Task<DeregisterTaskDefinitionResponse> DeregisterAsync(
        DeregisterTaskDefinitionRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var value = Required.Value(request.TaskDefinition, "taskDefinition");
        var reference = TaskDefinitionReference.Parse(value, context);
        if (reference is { Revision: null })
        {
            throw EcsException.Client($"Revision is missing. Deregister '{value}:<revision>' or the task definition's ARN.");
        }

        var definition = await store.WriteAsync(write =>
        {
            var definition = (reference is null ? null : TaskDefinitionStore.Find(write.State, reference, context))
                             ?? throw EcsException.Client("The specified task definition does not exist. Specify a valid account, family, revision and try again.");
            if (definition.Status == TaskDefinitionStore.Active)
            {
                definition.Status = TaskDefinitionStore.Inactive;
                definition.DeregisteredAt = clock.GetUtcNow();
                TaskDefinitionStore.Update(write, definition);
            }

            return definition;
        }, cancellation);
        return new DeregisterTaskDefinitionResponse { TaskDefinition = definition };
    }

    public async Task<DeleteTaskDefinitionsResponse> DeleteAsync(
        DeleteTaskDefinitionsRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var values = Required.Value(request.TaskDefinitions, "taskDefinitions");
        if (values.Count is 0 or > MaxDelete)
        {
            throw EcsException.InvalidParameter($"taskDefinitions must list between 1 and {MaxDelete} task definitions; {values.Count} were given.");
        }

        return await store.WriteAsync(write =>
        {
            var response = new DeleteTaskDefinitionsResponse { TaskDefinitions = [], Failures = [] };
            foreach (var value in values)
            {
                var reference = TaskDefinitionReference.Parse(value, context);
                if (reference is not { Revision: not null })
                {
                    response.Failures.Add(Failed(value, "The specified task definition identifier is invalid. Specify a valid name or ARN and try again."));
                    continue;
                }

                switch (TaskDefinitionStore.Find(write.State, reference, context))
                {
                    case null:
                        response.Failures.Add(Failed(value, "The specified task definition does not exist. Specify a valid account, family, revision and try again."));
                        break;
                    case { Status: TaskDefinitionStore.Active }:
                        response.Failures.Add(Failed(value, "The specified task definition is still in ACTIVE status. Please deregister the target and try again."));
                        break;
                    case var definition:
                        if (definition.Status == TaskDefinitionStore.Inactive)
                        {
                            definition.Status = TaskDefinitionStore.DeleteInProgress;
                            definition.DeleteRequestedAt = clock.GetUtcNow();
                            TaskDefinitionStore.Update(write, definition);
                        }

                        response.TaskDefinitions.Add(definition);
                        break;
                }
            }

            return response;
        }, cancellation);
    }

    private static Failure Failed(string arn, string reason) => new() { Arn = arn, Reason = reason };

    // The key after which the next page starts: "revision:family" (a family has no colon).
    private static (string Family, int Revision)? ParseListKey(string key)
    {
        var colon = key.IndexOf(':');
        return colon > 0 && int.TryParse(key[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (key[(colon + 1)..], revision)
            : key.Length == 0 ? null : throw EcsException.InvalidParameter("The nextToken is not valid. Pass the nextToken from the previous response unchanged.");
    }
}
