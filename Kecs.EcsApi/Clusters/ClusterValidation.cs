using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Clusters;

/// <summary>Checks CreateCluster's parameters the way ECS does and fills in ECS's defaults.</summary>
public static class ClusterValidation
{

    private static readonly IReadOnlySet<string> ContainerInsightsValues = new HashSet<string> { "enabled", "disabled", "enhanced" };
    private static readonly IReadOnlySet<string> ExecuteCommandLogging = new HashSet<string> { "NONE", "DEFAULT", "OVERRIDE" };

    public static string Name(string? clusterName)
    {
        var name = string.IsNullOrEmpty(clusterName) ? ClusterReference.DefaultName : clusterName;
        if (!ClusterReference.IsValidName(name))
        {
            throw EcsException.InvalidParameter(
                $"Invalid cluster name '{name}'. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.");
        }

        return name;
    }

    public static List<ClusterSetting> Settings(List<ClusterSetting>? settings)
    {
        if (settings is null || settings.Count == 0)
        {
            return [new ClusterSetting { Name = "containerInsights", Value = "disabled" }];
        }

        foreach (var setting in settings)
        {
            if (setting.Name != "containerInsights")
            {
                throw EcsException.InvalidParameter($"'{setting.Name}' is not a cluster setting. The only cluster setting is containerInsights.");
            }

            if (setting.Value is null || !ContainerInsightsValues.Contains(setting.Value))
            {
                throw EcsException.InvalidParameter(
                    $"'{setting.Value}' is not a valid value for containerInsights. Valid values: enabled, disabled, enhanced.");
            }
        }

        return settings.Select(s => new ClusterSetting { Name = s.Name, Value = s.Value }).ToList();
    }

    /// <summary>Settings given in an update replace the cluster's setting of the same name.</summary>
    public static List<ClusterSetting> Merge(List<ClusterSetting>? current, List<ClusterSetting> changes) =>
        (current ?? []).Where(setting => changes.All(change => change.Name != setting.Name)).Concat(changes).ToList();

    /// <summary>Kecs has no Cloud Map, so the namespace is kept as given (name or ARN) for ListServicesByNamespace.</summary>
    public static ClusterServiceConnectDefaults? ServiceConnectDefaults(ClusterServiceConnectDefaultsRequest? defaults) =>
        defaults is null
            ? null
            : new ClusterServiceConnectDefaults { Namespace = Required.Value(defaults.Namespace, "serviceConnectDefaults.namespace") };

    public static ClusterConfiguration? Configuration(ClusterConfiguration? configuration)
    {
        var logging = configuration?.ExecuteCommandConfiguration?.Logging;
        if (logging is not null && !ExecuteCommandLogging.Contains(logging))
        {
            throw EcsException.InvalidParameter(
                $"'{logging}' is not a valid executeCommandConfiguration logging value. Valid values: NONE, DEFAULT, OVERRIDE.");
        }

        return configuration;
    }

    /// <summary>The names once each; that they exist is checked against the state (<c>CapacityProviderStore.RequireAssociable</c>).</summary>
    public static List<string> CapacityProviders(List<string>? capacityProviders) => capacityProviders?.Distinct().ToList() ?? [];

    /// <summary>The default strategy, checked as any strategy is against the providers the same request associates.</summary>
    public static List<CapacityProviderStrategyItem> DefaultStrategy(
        List<CapacityProviderStrategyItem>? strategy, List<string> capacityProviders)
    {
        CapacityProviderStrategies.ValidateShape(strategy);
        CapacityProviderStrategies.RequireAssociated(strategy, capacityProviders);
        return strategy ?? [];
    }
}
