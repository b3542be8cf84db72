using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kecs.AdminApi.Operations;

/// <summary>
/// Operations that change or reveal all state (reset, snapshot) answer callers on loopback, and others
/// only when they present the configured admin token. Behind the gateway the caller's address is the
/// one the gateway forwards (ASP.NET's forwarded-headers handling trusts the loopback proxy).
/// </summary>
public sealed class AdminAccessFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public const string TokenHeader = "X-Kecs-Admin-Token";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Connection.RemoteIpAddress is { } caller && IPAddress.IsLoopback(caller))
        {
            return next(context);
        }

        var expected = options.Value.Token;
        var given = http.Request.Headers[TokenHeader].ToString();
        return !string.IsNullOrEmpty(expected) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(
                $"Only callers on this machine may do this, unless they send {TokenHeader} with the token set in Admin:Token.",
                statusCode: StatusCodes.Status403Forbidden));
    }
}
