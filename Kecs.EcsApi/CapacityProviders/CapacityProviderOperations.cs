using System.Text.RegularExpressions;
using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;
using Kecs.EcsApi.Storage;

namespace Kecs.EcsApi.CapacityProviders;

/// <summary>
/// Create, update, delete and describe capacity providers. An Auto Scaling group provider is kept with its managed
/// scaling, termination protection and draining settings; a managed instances provider with its configuration, for
/// the cluster it is made in. Kubernetes is the capacity behind every provider: none scales anything.
/// </summary>
public sealed partial class CapacityProviderOperations(EcsStore store)
{
    public static void Map(EcsOperationRegistry operations) => operations.For<CapacityProviderOperations>()
        .Map(EcsOperations.CreateCapacityProvider,
            static (ops, request, context, ct) => ops.CreateAsync(request, context, ct))
        .Map(EcsOperations.UpdateCapacityProvider,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.DeleteCapacityProvider,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct))
        .Map(EcsOperations.DescribeCapacityProviders,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)));

    public async Task<CreateCapacityProviderResponse> CreateAsync(CreateCapacityProviderRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var name = ValidName(Required.Value(request.Name, "name"));
        var tags = TagValidation.Validate(request.Tags);
        var provider = new CapacityProvider
        {
            CapacityProviderArn = context.Arn($"capacity-provider/{name}"),
            Name = name,
            Status = CapacityProviderStore.Active,
        };
        switch (request)
        {
            case { AutoScalingGroupProvider: { } group, ManagedInstancesProvider: null }:
                provider.Type = "EC2_AUTOSCALING";
                provider.AutoScalingGroupProvider = AutoScalingGroup(Required.Value(group.AutoScalingGroupArn, "autoScalingGroupProvider.autoScalingGroupArn"),
                    group.ManagedScaling, group.ManagedTerminationProtection, group.ManagedDraining);
                break;
            case { ManagedInstancesProvider: { } managed, AutoScalingGroupProvider: null }:
                Required.Value(managed.InfrastructureRoleArn, "managedInstancesProvider.infrastructureRoleArn");
                Required.Value(managed.InstanceLaunchTemplate, "managedInstancesProvider.instanceLaunchTemplate");
                provider.Type = "MANAGED_INSTANCES";
                provider.ManagedInstancesProvider = Documents.Convert(managed,
                    EcsJsonContext.Default.CreateManagedInstancesProviderConfiguration, EcsJsonContext.Default.ManagedInstancesProvider);
                break;
            default:
                throw EcsException.InvalidParameter("A capacity provider needs exactly one of autoScalingGroupProvider and managedInstancesProvider.");
        }

        var created = await store.WriteAsync(write =>
        {
            if (request.ManagedInstancesProvider is not null)
            {
                provider.Cluster = ClusterStore.RequireActive(write.State, Required.Value(request.Cluster, "cluster"), context).ClusterArn;
            }

            if (CapacityProviderStore.Find(write.State, provider.CapacityProviderArn) is { Status: CapacityProviderStore.Active })
            {
                throw EcsException.InvalidParameter($"The capacity provider {name} already exists.");
            }

            CapacityProviderStore.Save(write, provider, context);
            ResourceTagStore.Replace(write, provider.CapacityProviderArn, tags);
            return provider;
        }, cancellation);
        created.Tags = tags;
        return new CreateCapacityProviderResponse { CapacityProvider = created };
    }

    public async Task<UpdateCapacityProviderResponse> UpdateAsync(UpdateCapacityProviderRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var name = Required.Value(request.Name, "name");
        var updated = await store.WriteAsync(write =>
        {
            var provider = RequireCreated(write.State, name, context);
            if (request.AutoScalingGroupProvider is { } update)
            {
                var current = provider.AutoScalingGroupProvider
                              ?? throw EcsException.InvalidParameter($"The capacity provider {name} is not an Auto Scaling group provider.");
                provider.AutoScalingGroupProvider = AutoScalingGroup(current.AutoScalingGroupArn!,
                    update.ManagedScaling ?? current.ManagedScaling, update.ManagedTerminationProtection ?? current.ManagedTerminationProtection,
                    update.ManagedDraining ?? current.ManagedDraining);
            }
            else if (request.ManagedInstancesProvider is { } managed)
            {
                var current = provider.ManagedInstancesProvider
                              ?? throw EcsException.InvalidParameter($"The capacity provider {name} is not a managed instances provider.");
                current.InfrastructureRoleArn = managed.InfrastructureRoleArn ?? current.InfrastructureRoleArn;
                current.PropagateTags = managed.PropagateTags ?? current.PropagateTags;
                current.InfrastructureOptimization = managed.InfrastructureOptimization ?? current.InfrastructureOptimization;
                current.AutoRepairConfiguration = managed.AutoRepairConfiguration ?? current.AutoRepairConfiguration;
            }

            provider.UpdateStatus = "UPDATE_COMPLETE";
            provider.UpdateStatusReason = null;
            CapacityProviderStore.Save(write, provider, context);
            return provider;
        }, cancellation);
        return new UpdateCapacityProviderResponse { CapacityProvider = updated };
    }

    public async Task<DeleteCapacityProviderResponse> DeleteAsync(DeleteCapacityProviderRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var value = Required.Value(request.CapacityProvider, "capacityProvider");
        var name = value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;
        var deleted = await store.WriteAsync(write =>
        {
            var provider = RequireCreated(write.State, name, context);
            if (CapacityProviderStore.InUse(write.State, context, name) is { } reason)
            {
                throw EcsException.InvalidParameter($"The capacity provider {name} cannot be deleted: {reason}.");
            }

            provider.Status = CapacityProviderStore.Inactive;
            provider.UpdateStatus = "DELETE_COMPLETE";
            CapacityProviderStore.Save(write, provider, context);
            ResourceTagStore.Replace(write, provider.CapacityProviderArn!, []);
            return provider;
        }, cancellation);
        return new DeleteCapacityProviderResponse { CapacityProvider = deleted };
    }

    public DescribeCapacityProvidersResponse Describe(DescribeCapacityProvidersRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 10, largestSize: 10);
        var after = Paging.ContinueAfter(request.NextToken);
        var includeTags = IncludeParser.Tags(request.Include);
        return store.Read(state =>
        {
            var named = request.CapacityProviders is { Count: > 0 };
            var names = named
                ? request.CapacityProviders!
                : CapacityProviderStore.BuiltIn.Concat(CapacityProviderStore.ActiveOf(state, context).Select(p => p.Name!))
                    .Order(StringComparer.Ordinal).ToList();
            var response = new DescribeCapacityProvidersResponse { CapacityProviders = [], Failures = [] };
            foreach (var value in names)
            {
                var name = value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;
                var arn = context.Arn($"capacity-provider/{name}");
                var provider = value.StartsWith("arn:", StringComparison.Ordinal) && EcsArn.InAccount(value, context.AccountId) != arn
                    ? null
                    : CapacityProviderStore.BuiltIn.Contains(name)
                        ? new CapacityProvider { CapacityProviderArn = arn, Name = name, Status = CapacityProviderStore.Active, Type = name }
                        : CapacityProviderStore.Find(state, arn);
                if (provider is null)
                {
                    response.Failures.Add(new Failure { Arn = value.StartsWith("arn:", StringComparison.Ordinal) ? value : arn, Reason = "MISSING" });
                }
                else if (string.CompareOrdinal(name, after) > 0)
                {
                    provider.Tags = includeTags ? ResourceTagStore.Read(state, arn) : null;
                    response.CapacityProviders.Add(provider);
                }
            }

            if (response.CapacityProviders.Count > pageSize)
            {
                response.CapacityProviders = response.CapacityProviders.Take(pageSize).ToList();
                response.NextToken = Paging.NextToken(response.CapacityProviders[^1].Name!);
            }

            return response;
        });
    }

    private static CapacityProvider RequireCreated(EcsState state, string name, EcsRequestContext context)
    {
        if (CapacityProviderStore.BuiltIn.Contains(name))
        {
            throw EcsException.InvalidParameter($"The capacity provider {name} is built in and cannot be changed or deleted.");
        }

        return CapacityProviderStore.Find(state, context.Arn($"capacity-provider/{name}")) is { Status: CapacityProviderStore.Active } provider
            ? provider
            : throw EcsException.InvalidParameter($"The specified capacity provider {name} does not exist.");
    }

    /// <summary>An Auto Scaling group provider as ECS keeps it: managed scaling's defaults filled in, the settings checked.</summary>
    private static AutoScalingGroupProvider AutoScalingGroup(
        string groupArn, ManagedScaling? scaling, string? terminationProtection, string? draining)
    {
        var managed = scaling ?? new ManagedScaling { Status = "DISABLED" };
        managed.Status = EnumValue.Require(managed.Status ?? "ENABLED", ["ENABLED", "DISABLED"], "managedScaling status");
        managed.TargetCapacity ??= 100;
        managed.MinimumScalingStepSize ??= 1;
        managed.MaximumScalingStepSize ??= 10000;
        managed.InstanceWarmupPeriod ??= 300;
        if (managed.TargetCapacity is < 1 or > 100 || managed.MinimumScalingStepSize is < 1 or > 10000 || managed.MaximumScalingStepSize is < 1 or > 10000
            || managed.MinimumScalingStepSize > managed.MaximumScalingStepSize || managed.InstanceWarmupPeriod is < 0 or > 10000)
        {
            throw EcsException.InvalidParameter(
                "managedScaling needs targetCapacity 1-100, step sizes 1-10000 with the minimum not above the maximum, and instanceWarmupPeriod 0-10000.");
        }

        var protection = EnumValue.Require(terminationProtection ?? "DISABLED", ["ENABLED", "DISABLED"], "managedTerminationProtection");
        if (protection == "ENABLED" && managed.Status != "ENABLED")
        {
            throw EcsException.InvalidParameter("managedTerminationProtection can only be ENABLED when managed scaling is ENABLED.");
        }

        return new AutoScalingGroupProvider
        {
            AutoScalingGroupArn = groupArn,
            ManagedScaling = managed,
            ManagedTerminationProtection = protection,
            ManagedDraining = EnumValue.Require(draining ?? "ENABLED", ["ENABLED", "DISABLED"], "managedDraining"),
        };
    }

    private static string ValidName(string name)
    {
        if (!ProviderName().IsMatch(name))
        {
            throw EcsException.InvalidParameter(
                $"Invalid capacity provider name '{name}'. Up to 255 letters, numbers, underscores and hyphens are allowed.");
        }

        return ReservedPrefix().IsMatch(name)
            ? throw EcsException.InvalidParameter($"The capacity provider name '{name}' cannot begin with 'aws', 'ecs' or 'fargate'.")
            : name;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ProviderName();

    [GeneratedRegex("^(aws|ecs|fargate)", RegexOptions.IgnoreCase)]
    private static partial Regex ReservedPrefix();
}
