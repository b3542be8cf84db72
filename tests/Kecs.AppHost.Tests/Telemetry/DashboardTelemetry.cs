using System.Text.Json.Nodes;

namespace Kecs.AppHost.Tests.Telemetry;

/// <summary>One span as the Aspire dashboard's telemetry API returns it, with the service that sent it.</summary>
public sealed record Span(string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Client = 3;

    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    public override string ToString() => $"{Service}/{Scope} {Name} kind {Kind} {SpanId} <- {ParentSpanId ?? "root"}";
}

/// <summary>The dashboard's telemetry HTTP API (<c>/api/telemetry/...</c>), with the API key the AppHost was given.</summary>
public sealed class DashboardTelemetry(string dashboardUrl, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(dashboardUrl), DefaultRequestHeaders = { { "x-api-key", apiKey } } };

    public async Task<IReadOnlyList<Span>> SpansAsync(CancellationToken cancellation)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("/api/telemetry/traces", cancellation))!;
        return [.. body["data"]!["resourceSpans"]!.AsArray().SelectMany(resource =>
        {
            var service = Attributes(resource!["resource"]?["attributes"]).GetValueOrDefault("service.name") ?? "?";
            return resource!["scopeSpans"]!.AsArray().SelectMany(scope => scope!["spans"]!.AsArray().Select(span => new Span(
                service,
                scope!["scope"]?["name"]?.GetValue<string>() ?? "",
                span!["traceId"]!.GetValue<string>(),
                span["spanId"]!.GetValue<string>(),
                span["parentSpanId"]?.GetValue<string>() is { Length: > 0 } parent ? parent : null,
                span["name"]!.GetValue<string>(),
                span["kind"]!.GetValue<int>(),
                Attributes(span["attributes"]))));
        })];
    }

    /// <summary>The services the dashboard has received metrics from.</summary>
    public async Task<IReadOnlyList<string>> ServicesWithMetricsAsync(CancellationToken cancellation)
    {
        var resources = JsonNode.Parse(await _http.GetStringAsync("/api/telemetry/resources", cancellation))!.AsArray();
        return [.. resources.Where(r => r!["hasMetrics"]!.GetValue<bool>()).Select(r => r!["name"]!.GetValue<string>())];
    }

    public void Dispose() => _http.Dispose();

    private static Dictionary<string, string> Attributes(JsonNode? attributes) =>
        (attributes?.AsArray() ?? []).ToDictionary(
            a => a!["key"]!.GetValue<string>(),
            a => a!["value"]!.AsObject().Select(v => v.Value!.ToString()).FirstOrDefault() ?? "");
}
