using System.Globalization;
using System.Net.Http.Json;
using Kecs.Ecs.Internal;

namespace Kecs.Scheduler.Feed;

/// <summary>EcsApi's internal API as the Scheduler uses it: the change feed and observation reports.</summary>
public sealed class EcsApiInternalClient(HttpClient http)
{
    public async Task<ChangeFeedPage> GetChangesAsync(long after, TimeSpan wait, CancellationToken cancellation)
    {
        var seconds = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var page = await http.GetFromJsonAsync(
            $"{InternalApi.ChangesPath}?after={after.ToString(CultureInfo.InvariantCulture)}&waitSeconds={seconds}",
            InternalJsonContext.Default.ChangeFeedPage, cancellation);
        return page ?? throw new InvalidOperationException("EcsApi answered the change feed with an empty body.");
    }

    public async Task<ReportResult> ReportAsync(ObservedStateReport report, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(InternalApi.ReportsPath, report, InternalJsonContext.Default.ObservedStateReport, cancellation);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(InternalJsonContext.Default.ReportResult, cancellation) ?? new ReportResult();
    }
}
