using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.CapacityProviders;

/// <summary>
/// A capacity provider strategy checked as ECS checks one wherever it is given (RunTask, CreateService, UpdateService,
/// CreateTaskSet, a cluster's default): at most 20 providers, each weight 0 to 1,000 and at least one above 0 when there
/// are several, a base (0 to 100,000) on at most one provider, and only providers associated with the cluster.
/// </summary>
public static class CapacityProviderStrategies
{
    private const int MaxProviders = 20;
    private const int MaxWeight = 1000;
    private const int MaxBase = 100000;

    /// <summary>The checks that need no state, so a bad strategy fails before anything is read.</summary>
    public static void ValidateShape(List<CapacityProviderStrategyItem>? strategy)
    {
        if (strategy is not { Count: > 0 })
        {
            return;
        }

        if (strategy.Count > MaxProviders)
        {
            throw EcsException.InvalidParameter(
                $"A capacity provider strategy can contain at most {MaxProviders} capacity providers; {strategy.Count} were given.");
        }

        foreach (var item in strategy)
        {
            var name = Required.Value(item.CapacityProvider, "capacityProviderStrategy.capacityProvider");
            if (item.Weight is < 0 or > MaxWeight)
            {
                throw EcsException.InvalidParameter(
                    $"The weight of capacity provider {name} is {item.Weight}; a capacity provider strategy weight must be between 0 and 1,000.");
            }

            if (item.Base is < 0 or > MaxBase)
            {
                throw EcsException.InvalidParameter(
                    $"The base of capacity provider {name} is {item.Base}; a capacity provider strategy base must be between 0 and 100,000.");
            }
        }

        if (strategy.Count(item => item.Base > 0) > 1)
        {
            throw EcsException.InvalidParameter("Only one capacity provider in a capacity provider strategy can have a base defined.");
        }

        if (strategy.Count > 1 && strategy.All(item => (item.Weight ?? 0) == 0))
        {
            throw EcsException.InvalidParameter(
                "At least one capacity provider in a capacity provider strategy must have a weight greater than zero.");
        }
    }

    /// <summary>Checks that every provider of the strategy is one of those associated with the cluster (FARGATE and FARGATE_SPOT too).</summary>
    public static void RequireAssociated(List<CapacityProviderStrategyItem>? strategy, IReadOnlyCollection<string>? clusterProviders)
    {
        if (strategy?.Any(item => clusterProviders?.Contains(item.CapacityProvider!) != true) == true)
        {
            throw EcsException.InvalidParameter(
                "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. "
                + "Associate the capacity provider with the cluster or specify a valid capacity provider and try again.");
        }
    }
}
