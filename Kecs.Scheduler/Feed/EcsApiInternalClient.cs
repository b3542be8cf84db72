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

    /// <summary>Sends a report; null when EcsApi refused it as malformed (4xx), which sending it again cannot fix.</summary>
    public async Task<ReportResult?> ReportAsync(ObservedStateReport report, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(InternalApi.ReportsPath, report, InternalJsonContext.Default.ObservedStateReport, cancellation);
        if ((int)response.StatusCode is >= 400 and < 500)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(InternalJsonContext.Default.ReportResult, cancellation) ?? new ReportResult();
    }

    public async Task ReplaceNodesAsync(NodeReport report, CancellationToken cancellation)
    {
        using var response = await http.PutAsJsonAsync(InternalApi.NodesPath, report, InternalJsonContext.Default.NodeReport, cancellation);
        response.EnsureSuccessStatusCode();
    }

    public async Task<ServiceActionsResult> ApplyServiceActionsAsync(ServiceActions actions, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(InternalApi.ServiceActionsPath, actions, InternalJsonContext.Default.ServiceActions, cancellation);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(InternalJsonContext.Default.ServiceActionsResult, cancellation) ?? new ServiceActionsResult();
    }

    public async Task<ServiceActionsResult> ApplyDaemonActionsAsync(DaemonActions actions, CancellationToken cancellation)
    {
        using var response = await http.PostAsJsonAsync(InternalApi.DaemonActionsPath, actions, InternalJsonContext.Default.DaemonActions, cancellation);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(InternalJsonContext.Default.ServiceActionsResult, cancellation) ?? new ServiceActionsResult();
    }
}
