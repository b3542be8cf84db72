using System.Security.Cryptography;

namespace Kecs.AppHost;

/// <summary>
/// The Aspire dashboard on plain HTTP on loopback (no certificate needed), with a browser token of this run, and its
/// OTLP receiver on a free loopback port. Handed to Aspire as the configuration keys it reads.
/// </summary>
internal sealed class DashboardLogin(string url)
{
    private readonly string _token = RandomNumberGenerator.GetHexString(32, lowercase: true);
    private readonly string _otlpUrl = $"http://127.0.0.1:{LocalMachine.FreeLoopbackPort()}";

    public string LoginUrl => $"{url}/login?t={_token}";

    public IEnumerable<string> AspireArguments() =>
    [
        // Plain HTTP on loopback, for the dashboard and for its link to this AppHost: no certificate is needed.
        "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        $"--ASPNETCORE_URLS={url}",
        $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL={_otlpUrl}",
        $"--ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN={_token}",
        // Aspire prints its own login line; Kecs's summary says it once, beside the ECS endpoint.
        "--AppHost:SuppressDashboardLoginUrlInStartupSummary=true",
    ];
}
