using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// Every metric stream is capped at <see cref="ServiceDefaultsExtensions.MetricPointsPerStream"/> attribute sets: the
/// SDK preallocates a stream's points, and its default of 2,000 cost each Kecs process about 5 MB of idle memory.
/// </summary>
public sealed class MetricStreamLimitTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();

    [Fact]
    public async Task Attribute_sets_beyond_the_limit_are_counted_in_the_overflow_series()
    {
        var client = _factory.CreateClient();
        using var meter = new Meter("Kecs.Tests.MetricStreamLimit");
        var counter = meter.CreateCounter<long>("kecs.tests.distinct");
        for (var i = 0; i < ServiceDefaultsExtensions.MetricPointsPerStream + 100; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("item", i));
        }

        var metrics = await client.GetStringAsync(ServiceDefaultsExtensions.MetricsPath, TestContext.Current.CancellationToken);

        var series = Regex.Matches(metrics, "^kecs_tests_distinct_total\\{", RegexOptions.Multiline).Count;
        // The limit's attribute sets, and the overflow series beside them.
        Assert.InRange(series, 2, ServiceDefaultsExtensions.MetricPointsPerStream + 1);
        Assert.Matches("kecs_tests_distinct_total\\{[^}]*otel_metric_overflow=\"true\"[^}]*\\} [1-9]", metrics);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
