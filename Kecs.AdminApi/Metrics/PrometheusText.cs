using System.Text;

namespace Kecs.AdminApi.Metrics;

/// <summary>Reads Prometheus text exposition line by line.</summary>
public static class PrometheusText
{
    private const string KecsPrefix = "kecs_";

    /// <summary>The comment and sample lines of the <c>kecs_</c> metric families, in their order.</summary>
    public static string KecsFamilies(string exposition)
    {
        var kept = new StringBuilder();
        foreach (var line in exposition.Split('\n'))
        {
            var name = line.StartsWith('#') ? line.Split(' ', 4).ElementAtOrDefault(2) ?? "" : line;
            if (name.StartsWith(KecsPrefix, StringComparison.Ordinal))
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString();
    }
}
