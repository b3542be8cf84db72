namespace Kecs.EcsApi.Internal;

/// <summary>The <c>Internal</c> configuration section: the token the AppHost generates for EcsApi and the Scheduler.</summary>
public sealed class InternalApiOptions
{
    /// <summary>Without a token the internal API refuses every request.</summary>
    public string? Token { get; set; }
}
