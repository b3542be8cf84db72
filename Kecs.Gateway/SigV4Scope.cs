namespace Kecs.Gateway;

/// <summary>
/// The AWS service a SigV4-signed request is for, named by its credential scope
/// (<c>AKID/DATE/REGION/SERVICE/aws4_request</c>) in the <c>Authorization</c> header, or in a presigned URL's
/// <c>X-Amz-Credential</c> query parameter. It decides whether a request is ECS's or the AWS companion's.
/// </summary>
public static class SigV4Scope
{
    public const string EcsService = "ecs";
    private const string Algorithm = "AWS4-HMAC-SHA256 ";
    private const string CredentialField = "Credential=";
    private const string PresignedCredential = "X-Amz-Credential";

    /// <summary>The service of a well-formed credential scope (five non-empty parts), or empty.</summary>
    public static ReadOnlySpan<char> ServiceOf(HttpRequest request)
    {
        if (request.Headers.Authorization is [{ } authorization] && authorization.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            var start = authorization.IndexOf(CredentialField, Algorithm.Length, StringComparison.Ordinal);
            if (start < 0)
            {
                return default;
            }

            var credential = authorization.AsSpan(start + CredentialField.Length);
            var end = credential.IndexOfAny(',', ' ');
            return ServiceOfScope(end < 0 ? credential : credential[..end]);
        }

        return request.QueryString.HasValue && request.Query[PresignedCredential] is [{ } presigned] ? ServiceOfScope(presigned) : default;
    }

    /// <summary>Whether the request is signed for an AWS service other than ECS, which the AWS companion serves.</summary>
    public static bool IsForCompanion(HttpRequest request)
    {
        var service = ServiceOf(request);
        return !service.IsEmpty && !service.SequenceEqual(EcsService);
    }

    private static ReadOnlySpan<char> ServiceOfScope(ReadOnlySpan<char> scope)
    {
        Span<Range> parts = stackalloc Range[6];
        if (scope.Split(parts, '/') != 5 || !scope[parts[4]].SequenceEqual("aws4_request"))
        {
            return default;
        }

        foreach (var part in parts[..4])
        {
            if (scope[part].IsEmpty)
            {
                return default;
            }
        }

        return scope[parts[3]];
    }
}
