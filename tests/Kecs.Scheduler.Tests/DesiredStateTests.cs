using System.Runtime.CompilerServices;
using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Tests;

public sealed class DesiredStateTests
{
    private const string Cluster = "arn:aws:ecs:us-east-1:000000000000:cluster/demo";

    [Fact]
    public void Tasks_of_one_revision_share_one_definition_however_many_copies_the_feed_sent()
    {
        var state = new DesiredState();

        state.Apply(TaskChange("t1", "web:1"));
        state.Apply(TaskChange("t2", "web:1"));
        state.Apply(TaskChange("t3", "web:2"));

        Assert.Same(state.Task(TaskArn("t1"))!.Definition, state.Task(TaskArn("t2"))!.Definition);
        Assert.NotSame(state.Task(TaskArn("t1"))!.Definition, state.Task(TaskArn("t3"))!.Definition);
    }

    [Fact]
    public void Revisions_no_task_runs_any_more_are_forgotten()
    {
        var definitions = new SharedTaskDefinitions();
        ShareRevisionsNobodyKeeps(definitions, 1, 63);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var kept = definitions.Share(Definition("web:64"));

        Assert.Equal(1, definitions.Count);
        Assert.Same(kept, definitions.Share(Definition("web:64")));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ShareRevisionsNobodyKeeps(SharedTaskDefinitions definitions, int first, int last)
    {
        for (var revision = first; revision <= last; revision++)
        {
            definitions.Share(Definition($"web:{revision}"));
        }
    }

    private static ChangeEntry TaskChange(string id, string revision) => new()
    {
        Kind = "task",
        Arn = TaskArn(id),
        Task = new EcsTask { TaskArn = TaskArn(id), ClusterArn = Cluster, DesiredStatus = "RUNNING", LastStatus = "PROVISIONING" },
        TaskDefinition = Definition(revision),
    };

    private static TaskDefinition Definition(string revision) => new()
    {
        TaskDefinitionArn = $"arn:aws:ecs:us-east-1:000000000000:task-definition/{revision}",
        ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "nginx" }],
    };

    private static string TaskArn(string id) => $"arn:aws:ecs:us-east-1:000000000000:task/demo/{id}";
}
