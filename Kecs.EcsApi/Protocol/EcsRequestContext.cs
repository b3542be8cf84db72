namespace Kecs.EcsApi.Protocol;

/// <summary>Who is calling and where: the region from the SigV4 scope and the configured account.</summary>
public sealed record EcsRequestContext(string RequestId, string Region, string AccountId)
{
    public string Arn(string resource) => $"arn:aws:ecs:{Region}:{AccountId}:{resource}";

    /// <summary>The address the caller reached Kecs at (scheme, host and port, as the gateway forwards them).</summary>
    public string Endpoint { get; init; } = "";

    /// <summary>Who made the call, as registeredBy and createdBy show it. Kecs does not verify signatures, so it is the account root.</summary>
    public string CallerArn => $"arn:aws:iam::{AccountId}:root";
}
