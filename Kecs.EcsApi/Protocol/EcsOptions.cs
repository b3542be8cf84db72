namespace Kecs.EcsApi.Protocol;

/// <summary>Identity of the emulated account, bound from the <c>Ecs</c> configuration section.</summary>
public sealed class EcsOptions
{
    /// <summary>Region used when a request carries no SigV4 credential scope (for example <c>--no-sign-request</c>).</summary>
    public string DefaultRegion { get; set; } = "us-east-1";

    /// <summary>The 12-digit account id that appears in every ARN.</summary>
    public string AccountId { get; set; } = "000000000000";
}
