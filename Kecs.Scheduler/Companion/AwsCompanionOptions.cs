namespace Kecs.Scheduler.Companion;

/// <summary>
/// The AWS companion (moto_server, LocalStack) that serves every AWS service but ECS, bound from the <c>Aws</c>
/// configuration section. Without an endpoint there is none: secrets come from Kubernetes Secrets and logs stay in the pods.
/// </summary>
public sealed class AwsCompanionOptions
{
    /// <summary>The companion's base URL (<c>Aws:Endpoint</c>), or empty.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The credentials Kecs signs its own calls with, as the task execution role's would be; the companion accepts any.</summary>
    public string AccessKeyId { get; set; } = "kecs";

    public string SecretAccessKey { get; set; } = "kecs";

    /// <summary>How long one call to the companion may take before it counts as failed and is tried again later.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Configured => !string.IsNullOrWhiteSpace(Endpoint);
}
