namespace Kecs.AdminApi;

/// <summary>The <c>Admin</c> configuration section.</summary>
public sealed class AdminOptions
{
    /// <summary>Lets callers that are not on loopback reset, export and import state when they present it; empty: loopback only.</summary>
    public string? Token { get; set; }

    /// <summary>How long a component may take to answer a health probe before it counts as down.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a reset waits for the Scheduler to remove what Kecs ran on Kubernetes.</summary>
    public TimeSpan ResetTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
