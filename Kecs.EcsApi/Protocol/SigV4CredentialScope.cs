using System.Text.RegularExpressions;

namespace Kecs.EcsApi.Protocol;

/// <summary>
/// Reads the region out of a SigV4 <c>Authorization</c> header
/// (<c>AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/ecs/aws4_request, ...</c>).
/// The signature is never verified: any credentials are accepted, as in every local emulator.
/// </summary>
public static partial class SigV4CredentialScope
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public static string? RegionFrom(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var part in authorization[Algorithm.Length..].Split(','))
        {
            var parameter = part.Trim();
            if (!parameter.StartsWith("Credential=", StringComparison.Ordinal))
            {
                continue;
            }

            // accessKeyId / date / region / service / aws4_request
            var scope = parameter["Credential=".Length..].Split('/');
            return scope.Length == 5 && RegionName().IsMatch(scope[2]) ? scope[2] : null;
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RegionName();
}
