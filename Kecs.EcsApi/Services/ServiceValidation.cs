using Kecs.Ecs.Model;
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
