using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Clusters;

/// <summary>The optional parts of a cluster that DescribeClusters returns only when <c>include</c> asks.</summary>
[Flags]
public enum ClusterFields
{
    None = 0,
    Attachments = 1,
    Configurations = 2,
    Settings = 4,
    Statistics = 8,
    Tags = 16,
    All = Attachments | Configurations | Settings | Statistics | Tags,
}

public static class ClusterFieldsParser
{
    public static ClusterFields Parse(List<string>? include)
    {
        var fields = ClusterFields.None;
        foreach (var value in include ?? [])
        {
            fields |= value switch
            {
                "ATTACHMENTS" => ClusterFields.Attachments,
                "CONFIGURATIONS" => ClusterFields.Configurations,
                "SETTINGS" => ClusterFields.Settings,
                "STATISTICS" => ClusterFields.Statistics,
                "TAGS" => ClusterFields.Tags,
                _ => throw EcsException.InvalidParameter(
                    $"'{value}' is not a valid include value. Valid values: ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS."),
            };
        }

        return fields;
    }
}
