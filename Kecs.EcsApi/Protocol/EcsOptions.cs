namespace Kecs.EcsApi.Protocol;

/// <summary>Identity of the emulated account, bound from the <c>Ecs</c> configuration section.</summary>
public sealed class EcsOptions
{
    /// <summary>Region used when a request carries no SigV4 credential scope (for example <c>--no-sign-request</c>).</summary>
    public string DefaultRegion { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id that appears in every ARN.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>How long a stopped task stays describable and listable after it stopped; ECS keeps them at least an hour.</summary>
    public TimeSpan StoppedTaskRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often stopped tasks past their retention are purged.</summary>
    public TimeSpan JanitorInterval { get; set; } = TimeSpan.FromMinutes(1);
}
