using System.Globalization;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;
using Kecs.EcsApi.TaskDefinitions;

namespace Kecs.EcsApi.Daemons;

/// <summary>
/// Daemon task definitions, one row per revision (<c>daemon-task-definition/FAMILY:REVISION</c>). A deleted revision
/// stays: DELETE_IN_PROGRESS while an ACTIVE daemon still runs it, DELETED once none does.
/// </summary>
public static class DaemonTaskDefinitionStore
{
    public const string Active = "ACTIVE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string Deleted = "DELETED";

    public static string Arn(EcsRequestContext context, string family, int revision) =>
        context.Arn($"daemon-task-definition/{family}:{revision.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The revision a request names (ARN, <c>family:revision</c>, or <c>family</c> for its latest ACTIVE one), with its status as of now.</summary>
    public static DaemonTaskDefinition? Find(EcsState state, string value, EcsRequestContext context)
    {
        var arn = value.StartsWith("arn:", StringComparison.Ordinal) ? EcsArn.InAccount(value, context.AccountId) : null;
        var text = arn is null ? value : EcsArn.Parse(arn) is { ResourceType: "daemon-task-definition" } parsed ? parsed.ResourcePath : null;
        if (text is null || TaskDefinitionReference.Parse(text, context) is not { } reference)
        {
            return null;
        }

        if (reference.Revision is { } revision)
        {
            return Find(state, Arn(context, reference.Family, revision));
        }

        return Revisions(state, context)
            .Where(row => row.Family == reference.Family)
            .OrderByDescending(row => row.Revision)
            .Select(row => WithStatus(state, row))
            .FirstOrDefault(definition => definition.Status == Active);
    }

    public static DaemonTaskDefinition? Find(EcsState state, string arn) =>
        state.DaemonTaskDefinitions.TryGetValue(arn, out var row) ? WithStatus(state, row) : null;

    /// <summary>What a daemon task runs, as a task definition the Scheduler builds its pod from.</summary>
    public static TaskDefinition? AsTaskDefinition(EcsState state, string arn)
    {
        if (!state.DaemonTaskDefinitions.TryGetValue(arn, out var row))
        {
            return null;
        }

        var definition = Documents.Convert(Read(row), EcsJsonContext.Default.DaemonTaskDefinition, EcsJsonContext.Default.TaskDefinition);
        definition.TaskDefinitionArn = arn;
        definition.Status = Active;
        definition.RequiresCompatibilities = ["EC2"];
        definition.Compatibilities = ["EC2"];
        return definition;
    }

    public static int NextRevision(EcsState state, EcsRequestContext context, string family) =>
        Revisions(state, context).Where(row => row.Family == family).Select(row => row.Revision).DefaultIfEmpty().Max() + 1;

    public static void Save(StateWrite write, DaemonTaskDefinition definition, EcsRequestContext context) =>
        write.Put(new DaemonTaskDefinitionRow(definition.DaemonTaskDefinitionArn!, context.Region, context.AccountId, definition.Family!,
            definition.Revision!.Value, Documents.Write(definition, EcsJsonContext.Default.DaemonTaskDefinition)));

    /// <summary>The caller's revisions, each with its status as of now.</summary>
    public static IEnumerable<DaemonTaskDefinition> All(EcsState state, EcsRequestContext context) =>
        Revisions(state, context).Select(row => WithStatus(state, row));

    private static IEnumerable<DaemonTaskDefinitionRow> Revisions(EcsState state, EcsRequestContext context) =>
        state.DaemonTaskDefinitions.Values.Where(row => row.Region == context.Region && row.Account == context.AccountId);

    private static DaemonTaskDefinition Read(DaemonTaskDefinitionRow row) => Documents.Read(row.Document, EcsJsonContext.Default.DaemonTaskDefinition);

    private static DaemonTaskDefinition WithStatus(EcsState state, DaemonTaskDefinitionRow row)
    {
        var definition = Read(row);
        if (definition.Status == DeleteInProgress && !DaemonStore.AnyActiveRuns(state, row.Arn))
        {
            definition.Status = Deleted;
        }

        return definition;
    }
}
