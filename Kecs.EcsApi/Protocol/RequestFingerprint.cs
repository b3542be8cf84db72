using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kecs.EcsApi.Protocol;

/// <summary>
/// A hash of a request without its idempotency token, to tell a replay of the same call (same token,
/// same fingerprint) from a different call that reuses the token.
/// </summary>
public static class RequestFingerprint
{
    public static string Of<T>(T request, JsonTypeInfo<T> type, string tokenMember = "clientToken")
    {
        var json = JsonSerializer.SerializeToNode(request, type)!.AsObject();
        json.Remove(tokenMember);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToJsonString())));
    }
}
