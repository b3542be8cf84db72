using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>Task definition revisions, and the per-family counter that only ever grows.</summary>
public static class TaskDefinitionStore
{
    public const string Active = "ACTIVE";
    public const string Inactive = "INACTIVE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";

    public static TaskDefinition? Find(EcsState state, string arn) =>
        state.TaskDefinitions.TryGetValue(arn, out var row) ? Read(row) : null;

    /// <summary>The revision a reference names; a bare family means its latest ACTIVE revision.</summary>
    public static TaskDefinition? Find(EcsState state, TaskDefinitionReference reference, EcsRequestContext context)
    {
        if (reference.Revision is { } revision)
        {
            return Find(state, TaskDefinitionReference.Arn(context, reference.Family, revision));
        }

        // Usually the family's last revision is its latest ACTIVE one; only when it is not are the others searched.
        var family = RowKey.Of(context.Region, context.AccountId, reference.Family);
        if (state.Families.GetValueOrDefault(family) is not { } counter)
        {
            return null;
        }

        if (state.TaskDefinitions.GetValueOrDefault(TaskDefinitionReference.Arn(context, reference.Family, counter.LastRevision)) is { Status: Active } last)
        {
            return Read(last);
        }

        var latest = state.Revisions.GetValueOrDefault(family)?.Values.Select(arn => state.TaskDefinitions[arn]).LastOrDefault(row => row.Status == Active);
        return latest is null ? null : Read(latest);
    }

    /// <summary>
    /// The ACTIVE revision that RunTask, CreateService and UpdateService may use, or ClientException.
    /// </summary>
    public static TaskDefinition RequireUsable(EcsState state, string? value, EcsRequestContext context)
    {
        var reference = TaskDefinitionReference.Parse(Required.Value(value, "taskDefinition"), context);
        var definition = reference is null ? null : Find(state, reference, context);
        return definition switch
        {
            null => throw EcsException.Client("Unable to describe task definition."),
            { Status: Active } => definition,
            _ => throw EcsException.Client("TaskDefinition is inactive"),
        };
    }

    /// <summary>Takes the family's next revision number: 1 for a new family, one past the last ever taken otherwise.</summary>
    public static int NextRevision(StateWrite write, EcsRequestContext context, string family)
    {
        var last = write.State.Families.GetValueOrDefault(RowKey.Of(context.Region, context.AccountId, family))?.LastRevision ?? 0;
        write.Put(new TaskDefinitionFamilyRow(context.Region, context.AccountId, family, last + 1));
        return last + 1;
    }

    /// <summary>Stores a built definition as its family's next ACTIVE revision, with its tags.</summary>
    public static TaskDefinition Register(StateWrite write, TaskDefinition definition, List<Tag> tags, EcsRequestContext context, DateTimeOffset now)
    {
        var revision = NextRevision(write, context, definition.Family!);
        definition.Revision = revision;
        definition.TaskDefinitionArn = TaskDefinitionReference.Arn(context, definition.Family!, revision);
        definition.Status = Active;
        definition.RegisteredAt = now;
        definition.RegisteredBy = context.CallerArn;
        Insert(write, definition, context);
        ResourceTagStore.Replace(write, definition.TaskDefinitionArn, tags);
        return definition;
    }

    public static void Insert(StateWrite write, TaskDefinition definition, EcsRequestContext context) =>
        write.Put(new TaskDefinitionRow(definition.TaskDefinitionArn!, context.Region, context.AccountId, definition.Family!,
            definition.Revision!.Value, definition.Status!, Documents.Write(definition, EcsJsonContext.Default.TaskDefinition)));

    public static void Update(StateWrite write, TaskDefinition definition) =>
        write.Put(write.State.TaskDefinitions[definition.TaskDefinitionArn!] with
        {
            Status = definition.Status!,
            Document = Documents.Write(definition, EcsJsonContext.Default.TaskDefinition),
        });

    /// <summary>Revision ARNs in family then revision order, after the given key in that order.</summary>
    public static List<(string Arn, string Family, int Revision)> List(
        EcsState state, EcsRequestContext context, string? family, string status, bool descending,
        (string Family, int Revision)? after, int limit)
    {
        var families = FamiliesOf(state, context)
            .Where(name => family is null || name == family)
            .Order(StringComparer.Ordinal);
        var ordered = descending ? families.Reverse() : families;
        var direction = descending ? -1 : 1;
        return ordered
            .SelectMany(name =>
            {
                var revisions = state.Revisions[RowKey.Of(context.Region, context.AccountId, name)];
                return descending ? revisions.Reverse() : revisions;
            })
            .Select(entry => state.TaskDefinitions[entry.Value])
            .Where(row => row.Status == status
                          && (after is not { } key || direction * Compare((row.Family, row.Revision), key) > 0))
            .Take(limit)
            .Select(row => (row.Arn, row.Family, row.Revision))
            .ToList();
    }

    /// <summary>Family names by prefix; ACTIVE families have an ACTIVE revision, INACTIVE ones have none.</summary>
    public static List<string> Families(EcsState state, EcsRequestContext context, string prefix, string status, string after, int limit) =>
        FamiliesOf(state, context)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(name, after) > 0)
            .Where(name =>
            {
                var anyActive = state.Revisions[RowKey.Of(context.Region, context.AccountId, name)].Values
                    .Any(arn => state.TaskDefinitions[arn].Status == Active);
                return status == "ALL" || (status == Active) == anyActive;
            })
            .Order(StringComparer.Ordinal)
            .Take(limit)
            .ToList();

    private static TaskDefinition Read(TaskDefinitionRow row) => Documents.Read(row.Document, EcsJsonContext.Default.TaskDefinition);

    private static IEnumerable<string> FamiliesOf(EcsState state, EcsRequestContext context) =>
        state.Revisions.Keys
            .Select(key => key.Split('\n'))
            .Where(parts => parts[0] == context.Region && parts[1] == context.AccountId)
            .Select(parts => parts[2]);

    private static int Compare((string Family, int Revision) a, (string Family, int Revision) b)
    {
        var byFamily = string.CompareOrdinal(a.Family, b.Family);
        return byFamily != 0 ? byFamily : a.Revision.CompareTo(b.Revision);
    }
}
