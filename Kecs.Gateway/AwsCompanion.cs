namespace Kecs.Gateway;

/// <summary>
/// The AWS companion (moto_server, LocalStack) the gateway forwards every AWS request but ECS's to:
/// <c>Aws:Endpoint</c>, its base URL (absent or empty when none runs), and <c>Aws:Companion</c>, what the AppHost
/// calls it.
/// </summary>
public sealed record AwsCompanion(string? Endpoint, string Description)
{
    public const string RouteId = "aws";
    public const string ClusterId = "aws";

    public static AwsCompanion From(IConfiguration configuration)
    {
        var endpoint = configuration["Aws:Endpoint"] is { Length: > 0 } url ? url : null;
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new InvalidOperationException($"Aws:Endpoint must be an absolute http or https URL, not '{endpoint}'.");
        }

        return new AwsCompanion(endpoint, configuration["Aws:Companion"] is { Length: > 0 } description ? description : endpoint ?? "none");
    }
}
