using static Kecs.Scheduler.Tests.ServiceSteps;

namespace Kecs.Scheduler.Tests;

/// <summary>Task scale-in protection: the service scheduler stops no protected task, on scale-in or in a deployment, until protection ends.</summary>
public sealed class TaskProtectionScenarios
{
    [Fact]
    public async Task A_scale_in_stops_only_unprotected_tasks_and_finishes_once_protection_is_off()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 3);
        await WaitForServiceAsync(rig, s => Running(s) == 3, "3 running");
        var protectedArns = (await ServiceTasksAsync(rig)).Take(2).Select(t => t["taskArn"].Text()).ToList();
        await ProtectAsync(rig, protectedArns, enabled: true);

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "desiredCount": 1}""");
        await WaitForServiceAsync(rig, s => Running(s) == 2, "the unprotected task stopped");
        var stillRunning = (await ServiceTasksAsync(rig)).Select(t => t["taskArn"].Text()).ToList();
        await ProtectAsync(rig, protectedArns, enabled: false);
        var scaledIn = await WaitForServiceAsync(rig, s => Running(s) == 1 && s["pendingCount"]!.GetValue<int>() == 0, "scaled in to 1");

        Assert.Equal(protectedArns.Order(), stillRunning.Order());
        Assert.Contains(Events(scaledIn), e => e.EndsWith("has reached a steady state.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deployment_waits_for_a_protected_task_of_the_old_revision()
    {
        await using var rig = SchedulerRig.Simulated();
        await CreateServiceAsync(rig, desiredCount: 2);
        await WaitForServiceAsync(rig, s => Running(s) == 2, "2 running");
        var kept = (await ServiceTasksAsync(rig))[0]["taskArn"].Text();
        await ProtectAsync(rig, [kept], enabled: true);
        await rig.Ecs.RegisterAsync(TaskDefinitions.Web.Replace("nginx:1.25", "nginx:1.27"));

        await rig.Ecs.OkAsync("UpdateService", """{"cluster": "demo", "service": "websvc", "taskDefinition": "web:2"}""");
        var waiting = await WaitForServiceAsync(rig,
            s => s["deployments"]![0]!["runningCount"]!.GetValue<int>() == 2 && s["deployments"]!.AsArray().Count == 2, "the new revision running beside the kept task");
        var keptWhileProtected = await rig.DescribeTaskAsync(kept);
        await ProtectAsync(rig, [kept], enabled: false);
        var completed = await WaitForServiceAsync(rig,
            s => s["deployments"]!.AsArray().Count == 1 && s["deployments"]![0]!["rolloutState"].Text() == "COMPLETED", "the deployment completed");

        Assert.Equal("IN_PROGRESS", waiting["deployments"]![0]!["rolloutState"].Text());
        Assert.Equal("RUNNING", keptWhileProtected["desiredStatus"].Text());
        Assert.All(await ServiceTasksAsync(rig), t => Assert.EndsWith("web:2", t["taskDefinitionArn"].Text()));
        Assert.Equal("STOPPED", (await rig.DescribeTaskAsync(kept))["desiredStatus"].Text());
        Assert.EndsWith("web:2", completed["taskDefinition"].Text());
    }

    private static Task ProtectAsync(SchedulerRig rig, IEnumerable<string> taskArns, bool enabled) =>
        rig.Ecs.OkAsync("UpdateTaskProtection",
            $$"""{"cluster": "demo", "tasks": [{{string.Join(", ", taskArns.Select(arn => $"\"{arn}\""))}}], "protectionEnabled": {{(enabled ? "true" : "false")}}}""");
}
