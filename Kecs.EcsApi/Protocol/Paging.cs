using System.Buffers.Text;
using System.Text;

namespace Kecs.EcsApi.Protocol;

/// <summary>
/// Keyset pagination for List* operations. A <c>nextToken</c> is an opaque, versioned wrapper around
/// the sort key of the last item returned, so pages stay stable while items are added or removed.
/// </summary>
public static class Paging
{
    private const string TokenPrefix = "kecs1:";

    public static int PageSize(int? maxResults, int defaultSize, int largestSize)
    {
        if (maxResults is null)
        {
            return defaultSize;
        }

        if (maxResults < 1 || maxResults > largestSize)
        {
            throw EcsException.InvalidParameter($"maxResults must be between 1 and {largestSize}; it was {maxResults}.");
        }

        return maxResults.Value;
    }

    public static string NextToken(string lastKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TokenPrefix + lastKey));

    /// <summary>The key to continue after, or the empty string for the first page.</summary>
    public static string ContinueAfter(string? nextToken)
    {
        if (string.IsNullOrEmpty(nextToken))
        {
            return "";
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(nextToken));
            if (decoded.StartsWith(TokenPrefix, StringComparison.Ordinal))
            {
                return decoded[TokenPrefix.Length..];
            }
        }
        catch (FormatException)
        {
        }

        throw EcsException.InvalidParameter("The nextToken is not valid. Pass the nextToken from the previous response unchanged.");
    }
}
