using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kecs.EcsApi.Storage;

/// <summary>Ready only while the state database answers a query.</summary>
public sealed class EcsDatabaseHealthCheck(EcsDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            database.Read(connection => connection.Scalar<int>("SELECT 1"));
            return Task.FromResult(HealthCheckResult.Healthy(database.Path));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"{database.Path}: {e.Message}", e));
        }
    }
}
