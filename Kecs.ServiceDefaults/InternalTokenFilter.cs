using System.Security.Cryptography;
using System.Text;
using Kecs.Ecs.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Kecs.ServiceDefaults;

/// <summary>Lets a request reach the internal API only with the token the AppHost generated.</summary>
public sealed class InternalTokenFilter(IOptions<InternalApiOptions> options) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.Token;
        var given = context.HttpContext.Request.Headers[InternalApi.TokenHeader].ToString();
        if (string.IsNullOrEmpty(expected))
        {
            return ValueTask.FromResult<object?>(Results.Problem(
                "The internal API is disabled because no Internal:Token is configured.", statusCode: StatusCodes.Status403Forbidden));
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(
                $"The internal API needs the {InternalApi.TokenHeader} header with the token Kecs was started with.",
                statusCode: StatusCodes.Status401Unauthorized));
    }
}
