using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kecs.Scheduler.Companion;

/// <summary>
/// Signs a request with AWS Signature Version 4, as every AWS SDK does, so the companion (moto_server, LocalStack) can
/// tell from the credential scope which service is asked. Signs <c>host</c>, every <c>x-amz-*</c> header and
/// <c>content-type</c>; the path is used as already encoded (right for S3, and for <c>/</c>).
/// </summary>
public sealed class SigV4Signer(string accessKeyId, string secretAccessKey)
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public void Sign(HttpRequestMessage request, byte[] body, string region, string service, DateTimeOffset now)
    {
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = stamp[..8];
        var payloadHash = Hex(SHA256.HashData(body));
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Content-SHA256");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", stamp);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);

        var uri = request.RequestUri!;
        var headers = SignedHeaders(request, uri);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonicalRequest = string.Join('\n',
            request.Method.Method,
            uri.AbsolutePath,
            CanonicalQuery(uri.Query),
            string.Concat(headers.Select(header => $"{header.Key}:{header.Value}\n")),
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{stamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(Hmac(Hmac(key, region), service), "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static SortedDictionary<string, string> SignedHeaders(HttpRequestMessage request, Uri uri)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}" };
        foreach (var (name, values) in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal) || lower == "content-type")
            {
                headers[lower] = string.Join(',', values.Select(value => value.Trim()));
            }
        }

        return headers;
    }

    /// <summary>Parameters sorted by name, each name and value encoded as SigV4 asks (RFC 3986 unreserved characters kept).</summary>
    private static string CanonicalQuery(string query) =>
        string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: Encode(Uri.UnescapeDataString(pair[0])), Value: Encode(Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""))))
            .OrderBy(pair => pair.Name, StringComparer.Ordinal).ThenBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => $"{pair.Name}={pair.Value}"));

    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
