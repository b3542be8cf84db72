using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kecs.ServiceDefaults;

public static class RequestBodyLimit
{
    /// <summary>
    /// Lifts Kestrel's request body limit for this request, for bodies that may hold the whole state
    /// (snapshots); only endpoints that already refused untrusted callers may call it.
    /// </summary>
    public static void RemoveBodySizeLimit(this HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
    }
}
