using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Services;

/// <summary>Parameter checks CreateService and UpdateService share, with ECS's defaults.</summary>
public static class ServiceValidation
{
    public static readonly string[] LaunchTypes = ["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"];
    private static readonly string[] PropagateTagsValues = ["TASK_DEFINITION", "SERVICE", "NONE"];

    private static readonly string[] AssignPublicIpValues = ["ENABLED", "DISABLED"];

    public static void LaunchTypeAndStrategy(string? launchType, List<CapacityProviderStrategyItem>? strategy)
    {
        CapacityProviderStrategies.ValidateShape(strategy);
        if (launchType is not null)
        {
            EnumValue.Require(launchType, LaunchTypes, "launchType");
            if (strategy is { Count: > 0 })
            {
                throw EcsException.InvalidParameter(
                    "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
            }
        }
    }

    public static void DesiredCount(int desiredCount)
    {
        if (desiredCount < 0)
        {
            throw EcsException.InvalidParameter($"desiredCount must not be negative; it was {desiredCount}.");
        }
    }

    public static void Tokens(string? clientToken)
    {
        if (clientToken is { Length: > 36 } || clientToken?.Any(c => c is < '!' or > '~') == true)
        {
            throw EcsException.InvalidParameter("clientToken must be at most 36 ASCII characters without spaces.");
        }
    }

    public static void PropagateTags(string? propagateTags)
    {
        if (propagateTags is not null)
        {
            EnumValue.Require(propagateTags, PropagateTagsValues, "propagateTags");
        }
    }

    public static void AvailabilityZoneRebalancing(string? rebalancing)
    {
        if (rebalancing is not null)
        {
            EnumValue.Require(rebalancing, ["ENABLED", "DISABLED"], "availabilityZoneRebalancing");
        }
    }

    public static void DeploymentConfiguration(DeploymentConfiguration? configuration)
    {
        if (configuration is null)
        {
            return;
        }

        if (configuration.MaximumPercent is < 100 && configuration.MinimumHealthyPercent is not 0)
        {
            throw EcsException.InvalidParameter("maximumPercent must be at least 100 unless minimumHealthyPercent is 0.");
        }

        if (configuration.MaximumPercent is < 0 or > 2000 || configuration.MinimumHealthyPercent is < 0 or > 100)
        {
            throw EcsException.InvalidParameter("minimumHealthyPercent must be between 0 and 100 and maximumPercent between 0 and 2000.");
        }

        if (configuration.Strategy is { } strategy)
        {
            EnumValue.Require(strategy, ["ROLLING", "BLUE_GREEN", "LINEAR", "CANARY"], "deployment strategy");
        }

        if (configuration.BakeTimeInMinutes is < 0 or > 1440)
        {
            throw EcsException.InvalidParameter($"bakeTimeInMinutes must be between 0 and 1440; it was {configuration.BakeTimeInMinutes}.");
        }

        LifecycleHooks(configuration);
    }

    private static void LifecycleHooks(DeploymentConfiguration configuration)
    {
        var hooks = configuration.LifecycleHooks ?? [];
        if (hooks.Count > 0 && !DeploymentLifecycle.Applies(configuration.Strategy))
        {
            throw EcsException.InvalidParameter("Deployment lifecycle hooks need the BLUE_GREEN, LINEAR or CANARY deployment strategy.");
        }

        foreach (var hook in hooks)
        {
            var type = EnumValue.Require(hook.TargetType ?? "AWS_LAMBDA", ["AWS_LAMBDA", "PAUSE"], "lifecycle hook targetType");
            if (type == "AWS_LAMBDA" && string.IsNullOrEmpty(hook.HookTargetArn))
            {
                throw EcsException.InvalidParameter("An AWS_LAMBDA lifecycle hook needs hookTargetArn, the ARN of its Lambda function.");
            }

            if (hook.LifecycleStages is not { Count: > 0 } stages)
            {
                throw EcsException.InvalidParameter("A lifecycle hook needs lifecycleStages.");
            }

            foreach (var stage in stages)
            {
                EnumValue.Require(stage, DeploymentLifecycle.Stages.Where(DeploymentLifecycle.TakesHooks).ToArray(), "lifecycle hook stage");
            }

            if (hook.TimeoutConfiguration is { } timeout)
            {
                if (timeout.TimeoutInMinutes is < 1 or > 20160)
                {
                    throw EcsException.InvalidParameter($"timeoutInMinutes must be between 1 and 20160; it was {timeout.TimeoutInMinutes}.");
                }

                if (timeout.Action is { } action)
                {
                    EnumValue.Require(action, ["CONTINUE", "ROLLBACK"], "lifecycle hook timeout action");
                }
            }
        }
    }

    /// <summary>The deployment configuration ECS reports: given members kept, missing ones at ECS's defaults.</summary>
    public static DeploymentConfiguration WithDefaults(DeploymentConfiguration? given, string schedulingStrategy)
    {
        var daemon = schedulingStrategy == "DAEMON";
        var configuration = given ?? new DeploymentConfiguration();
        configuration.DeploymentCircuitBreaker ??= new DeploymentCircuitBreaker { Enable = false, Rollback = false };
        configuration.MaximumPercent ??= daemon ? 100 : 200;
        configuration.MinimumHealthyPercent ??= daemon ? 0 : 100;
        return configuration;
    }

    /// <summary>awsvpc task definitions need subnets; other network modes take no network configuration.</summary>
    public static void NetworkConfiguration(NetworkConfiguration? network, TaskDefinition? taskDefinition)
    {
        if (taskDefinition is null)
        {
            return;
        }

        if (taskDefinition.NetworkMode == "awsvpc")
        {
            if (network?.AwsvpcConfiguration?.Subnets is not { Count: > 0 })
            {
                throw EcsException.InvalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
            }

            if (network.AwsvpcConfiguration.AssignPublicIp is { } assign)
            {
                EnumValue.Require(assign, AssignPublicIpValues, "assignPublicIp");
            }
        }
        else if (network?.AwsvpcConfiguration is not null)
        {
            throw EcsException.InvalidParameter(
                $"Network Configuration is not valid for the given networkMode of this task definition ('{taskDefinition.NetworkMode ?? "bridge"}').");
        }
    }
}
