using System.Text.RegularExpressions;
using Kecs.Ecs.Model;
using Kecs.EcsApi.CapacityProviders;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Daemons;

/// <summary>The checks CreateDaemon and UpdateDaemon share, and the defaults ECS gives what they leave out.</summary>
public static partial class DaemonRequests
{
    /// <summary>The console's default share of instances drained at once; the API leaves it to ECS.</summary>
    public const double DefaultDrainPercent = 25;

    private const int MaxBakeTimeInMinutes = 1440;

    public static string ValidName(string? name) =>
        DaemonName().IsMatch(Required.Value(name, "daemonName"))
            ? name!
            : throw EcsException.InvalidParameter($"Daemon name '{name}' is not valid. Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed.");

    /// <summary>The ACTIVE daemon task definition named, or an error that says why it cannot run.</summary>
    public static DaemonTaskDefinition UsableDefinition(EcsState state, string? value, EcsRequestContext context)
    {
        var name = Required.Value(value, "daemonTaskDefinitionArn");
        return DaemonTaskDefinitionStore.Find(state, name, context) switch
        {
            null => throw EcsException.InvalidParameter($"The daemon task definition {name} does not exist. Register it with RegisterDaemonTaskDefinition."),
            { Status: not DaemonTaskDefinitionStore.Active } definition => throw EcsException.InvalidParameter(
                $"The daemon task definition {definition.DaemonTaskDefinitionArn} is {definition.Status}; a daemon needs an ACTIVE one."),
            var definition => definition,
        };
    }

    /// <summary>
    /// The providers' ARNs, each an ACTIVE provider of the cluster. FARGATE and FARGATE_SPOT have no container instances to
    /// run a daemon on.
    /// </summary>
    public static List<string> CapacityProviders(EcsState state, List<string>? values, Cluster cluster, EcsRequestContext context)
    {
        var given = Required.Value(values, "capacityProviderArns");
        if (given.Count == 0)
        {
            throw EcsException.InvalidParameter("capacityProviderArns must name at least one capacity provider of the cluster.");
        }

        return given.Select(value =>
        {
            var name = value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;
            if (CapacityProviderStore.BuiltIn.Contains(name))
            {
                throw EcsException.InvalidParameter($"A daemon runs on container instances; the capacity provider {name} has none.");
            }

            var arn = context.Arn($"capacity-provider/{name}");
            if (CapacityProviderStore.Find(state, arn) is not { Status: CapacityProviderStore.Active } || cluster.CapacityProviders?.Contains(name) != true)
            {
                throw EcsException.InvalidParameter(
                    $"The capacity provider {value} is not an ACTIVE capacity provider of cluster {cluster.ClusterName}. Add it with PutClusterCapacityProviders.");
            }

            return arn;
        }).Distinct().ToList();
    }

    public static DaemonDeploymentConfiguration Configuration(DaemonDeploymentConfiguration? given)
    {
        if (given?.DrainPercent is < 0 or > 100)
        {
            throw EcsException.InvalidParameter($"deploymentConfiguration.drainPercent must be between 0.0 and 100.0; it was {given.DrainPercent}.");
        }

        if (given?.BakeTimeInMinutes is < 0 or > MaxBakeTimeInMinutes)
        {
            throw EcsException.InvalidParameter($"deploymentConfiguration.bakeTimeInMinutes must be between 0 and {MaxBakeTimeInMinutes}; it was {given.BakeTimeInMinutes}.");
        }

        return new DaemonDeploymentConfiguration
        {
            DrainPercent = given?.DrainPercent ?? DefaultDrainPercent,
            BakeTimeInMinutes = given?.BakeTimeInMinutes ?? 0,
            Alarms = new DaemonAlarmConfiguration { AlarmNames = given?.Alarms?.AlarmNames ?? [], Enable = given?.Alarms?.Enable ?? false },
        };
    }

    public static string? PropagateTags(string? value) =>
        value is null ? null : EnumValue.Require(value, ["DAEMON", "NONE"], "propagateTags");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex DaemonName();
}
