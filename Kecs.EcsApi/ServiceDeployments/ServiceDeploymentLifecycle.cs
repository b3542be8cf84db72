using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.Services;
using Kecs.EcsApi.State;
using static Kecs.Ecs.Internal.DeploymentLifecycle;

namespace Kecs.EcsApi.ServiceDeployments;

/// <summary>
/// The lifecycle stages of a blue/green (also LINEAR and CANARY) service deployment, as DescribeServiceDeployments
/// shows them in <c>lifecycleStage</c>. Entering a stage starts the hooks configured for it; a stage waits while a
/// hook does, and otherwise only SCALE_UP (until the green revision runs desiredCount tasks), BAKE_TIME (its minutes)
/// and CLEAN_UP (until the blue revision's tasks are gone) take time. With no load balancer the traffic shifts are
/// instant. A PAUSE hook is AWAITING_ACTION until ContinueServiceDeployment; Kecs cannot call Lambda, so an
/// AWS_LAMBDA hook stays IN_PROGRESS the same way. A hook that times out takes its timeout action.
/// </summary>
public static class ServiceDeploymentLifecycle
{
    public const string AwaitingAction = "AWAITING_ACTION";
    public const string InProgress = "IN_PROGRESS";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Continue = "CONTINUE";
    public const string Rollback = "ROLLBACK";

    /// <summary>Starts a new service deployment's lifecycle: RECONCILE_SERVICE when more than one revision was running, else PRE_SCALE_UP.</summary>
    public static void Begin(ServiceDeployment document, Service service, DateTimeOffset now)
    {
        if (Applies(service.DeploymentConfiguration?.Strategy))
        {
            Enter(document, service, document.SourceServiceRevisions?.Count > 1 ? ReconcileService : PreScaleUp, now);
        }
    }

    /// <summary>
    /// Leaves <paramref name="from"/> when the deployment is still there and nothing holds it; times out expired hooks
    /// first. Returns true when a hook's timeout asks for a rollback.
    /// </summary>
    public static bool Advance(EcsState state, ServiceDeployment document, Service service, string targetDeploymentId, string from, DateTimeOffset now)
    {
        if (document.LifecycleStage != from)
        {
            return false;
        }

        foreach (var hook in Waiting(document).Where(hook => hook.ExpiresAt <= now))
        {
            hook.Status = TimedOut;
            if (hook.TimeoutAction == Rollback)
            {
                return true;
            }
        }

        var ready = from switch
        {
            ScaleUp => ServiceTaskCounts.Read(state, service.ServiceArn!).Of(targetDeploymentId).Running >= (service.DesiredCount ?? 0),
            BakeTime => now >= document.UpdatedAt!.Value.AddMinutes(BakeMinutes(service)),
            CleanUp => false,
            _ => true,
        };
        if (ready && !Waiting(document).Any())
        {
            Enter(document, service, Stages[Order(from) + 1], now);
        }

        return false;
    }

    /// <summary>ContinueServiceDeployment on a waiting hook; returns true when it asks for a rollback.</summary>
    public static bool Resolve(ServiceDeployment document, Service service, string hookId, string action, DateTimeOffset now)
    {
        var hook = Waiting(document).FirstOrDefault(hook => hook.HookId == hookId)
                   ?? throw EcsException.InvalidParameter(
                       $"No lifecycle hook {hookId} is waiting in service deployment {document.ServiceDeploymentArn} (stage {document.LifecycleStage ?? "none"}).");
        if (action == Rollback)
        {
            hook.Status = Failed;
            return true;
        }

        hook.Status = Succeeded;
        if (!Waiting(document).Any() && TakesHooks(document.LifecycleStage!))
        {
            Enter(document, service, Stages[Order(document.LifecycleStage!) + 1], now);
        }

        return false;
    }

    /// <summary>The lifecycle the change feed tells the Scheduler about, or null for a deployment that has none.</summary>
    public static DeploymentLifecycle? Of(StoredServiceDeployment? stored) =>
        stored is { Document: { LifecycleStage: { } stage, Status: ServiceDeploymentStatus.InProgress } document }
            ? new DeploymentLifecycle
            {
                DeploymentId = stored.TargetDeploymentId,
                Stage = stage,
                EnteredAt = document.UpdatedAt!.Value,
                WaitsUntil = Waiting(document).Min(hook => hook.ExpiresAt),
            }
            : null;

    /// <summary>Enters a stage and its hooks; a stage with nothing to wait for is left at once for the next.</summary>
    private static void Enter(ServiceDeployment document, Service service, string stage, DateTimeOffset now)
    {
        while (true)
        {
            document.LifecycleStage = stage;
            document.UpdatedAt = now;
            var hooks = (service.DeploymentConfiguration?.LifecycleHooks ?? []).Where(hook => hook.LifecycleStages?.Contains(stage) == true).ToList();
            document.LifecycleHookDetails = [.. document.LifecycleHookDetails ?? [], .. hooks.Select(hook => Started(hook, now))];
            var takesTime = stage is ScaleUp or CleanUp || (stage == BakeTime && BakeMinutes(service) > 0);
            if (hooks.Count > 0 || takesTime)
            {
                return;
            }

            stage = Stages[Order(stage) + 1];
        }
    }

    private static DeploymentLifecycleHookDetail Started(DeploymentLifecycleHook hook, DateTimeOffset now)
    {
        var pause = hook.TargetType == "PAUSE";
        return new DeploymentLifecycleHookDetail
        {
            HookId = Guid.NewGuid().ToString(),
            TargetType = hook.TargetType ?? "AWS_LAMBDA",
            TargetArn = pause ? null : hook.HookTargetArn,
            Status = pause ? AwaitingAction : InProgress,
            ExpiresAt = hook.TimeoutConfiguration?.TimeoutInMinutes is { } minutes ? now.AddMinutes(minutes) : null,
            TimeoutAction = hook.TimeoutConfiguration is null ? null : hook.TimeoutConfiguration.Action ?? Rollback,
        };
    }

    private static IEnumerable<DeploymentLifecycleHookDetail> Waiting(ServiceDeployment document) =>
        (document.LifecycleHookDetails ?? []).Where(hook => hook.Status is AwaitingAction or InProgress);

    private static int BakeMinutes(Service service) => service.DeploymentConfiguration?.BakeTimeInMinutes ?? 0;
}
