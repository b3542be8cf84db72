namespace Kecs.ServiceDefaults;

/// <summary>The <c>Internal</c> configuration section: the token the AppHost generates for EcsApi, the Scheduler and AdminApi.</summary>
public sealed class InternalApiOptions
{
    /// <summary>Without a token the internal API refuses every request.</summary>
    public string? Token { get; set; }
}
