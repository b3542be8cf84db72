namespace Kecs.Gateway;

/// <summary>
/// The AWS service a signed request is for, which decides whether it is ECS's or the AWS companion's: with SigV4, the
/// credential scope (<c>AKID/DATE/REGION/SERVICE/aws4_request</c>) of the <c>Authorization</c> header or of a presigned
/// URL's <c>X-Amz-Credential</c>; with SigV2, which only S3 still takes (<c>Authorization: AWS AKID:SIGNATURE</c>, or
/// the <c>AWSAccessKeyId</c> and <c>Signature</c> of a presigned URL, as the AWS CLI v1's <c>s3 presign</c> makes),
/// S3.
/// </summary>
public static class AwsSignature
{
    public const string EcsService = "ecs";
    private const string Algorithm = "AWS4-HMAC-SHA256 ";
    private const string CredentialField = "Credential=";
    private const string PresignedCredential = "X-Amz-Credential";
    private const string SigV2Algorithm = "AWS ";

    /// <summary>The service of a well-formed SigV4 credential scope (five non-empty parts), S3 for SigV2, or empty.</summary>
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

        if (request.Headers.Authorization is [{ } sigV2] && sigV2.StartsWith(SigV2Algorithm, StringComparison.Ordinal))
        {
            return "s3";
        }

        if (!request.QueryString.HasValue)
        {
            return default;
        }

        var query = request.Query;
        return query[PresignedCredential] is [{ } presigned] ? ServiceOfScope(presigned)
            : query.ContainsKey("AWSAccessKeyId") && query.ContainsKey("Signature") ? "s3"
            : default;
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
