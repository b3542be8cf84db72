namespace Kecs.Ecs.Internal;

/// <summary>
/// Where a blue/green service deployment is in ECS's lifecycle, as the change feed tells the Scheduler: the green
/// revision's tasks start at SCALE_UP, the blue revision's stop at CLEAN_UP, and the Scheduler asks EcsApi to leave
/// SCALE_UP (green all running), BAKE_TIME (its minutes over) and a stage whose hooks time out (at <see cref="WaitsUntil"/>).
/// </summary>
public sealed class DeploymentLifecycle
{
    public const string ReconcileService = "RECONCILE_SERVICE";
    public const string PreScaleUp = "PRE_SCALE_UP";
    public const string ScaleUp = "SCALE_UP";
    public const string PostScaleUp = "POST_SCALE_UP";
    public const string TestTrafficShift = "TEST_TRAFFIC_SHIFT";
    public const string PostTestTrafficShift = "POST_TEST_TRAFFIC_SHIFT";
    public const string ProductionTrafficShift = "PRODUCTION_TRAFFIC_SHIFT";
    public const string PostProductionTrafficShift = "POST_PRODUCTION_TRAFFIC_SHIFT";
    public const string BakeTime = "BAKE_TIME";
    public const string CleanUp = "CLEAN_UP";

    private static readonly string[] InOrder =
    [
        ReconcileService, PreScaleUp, ScaleUp, PostScaleUp, TestTrafficShift, PostTestTrafficShift, ProductionTrafficShift,
        PostProductionTrafficShift, BakeTime, CleanUp,
    ];

    /// <summary>The deployment strategies that go through the lifecycle stages; ROLLING does not.</summary>
    public static bool Applies(string? strategy) => strategy is "BLUE_GREEN" or "LINEAR" or "CANARY";

    /// <summary>The PRIMARY deployment (its <c>ecs-svc/</c> id) the stage belongs to.</summary>
    public string DeploymentId { get; set; } = "";

    public string Stage { get; set; } = "";

    public DateTimeOffset EnteredAt { get; set; }

    /// <summary>When the earliest hook still waiting in this stage times out, or null when none waits.</summary>
    public DateTimeOffset? WaitsUntil { get; set; }

    public bool IsAtOrAfter(string stage) => Order(Stage) >= Order(stage);

    /// <summary>The stages in the order a deployment goes through them.</summary>
    public static IReadOnlyList<string> Stages => InOrder;

    public static int Order(string stage) => Array.IndexOf(InOrder, stage);

    /// <summary>Whether lifecycle hooks can run at the stage: all but SCALE_UP, BAKE_TIME and CLEAN_UP, which are ECS's own work.</summary>
    public static bool TakesHooks(string stage) => InOrder.Contains(stage) && stage is not (ScaleUp or BakeTime or CleanUp);
}
