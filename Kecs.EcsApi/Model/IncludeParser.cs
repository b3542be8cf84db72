using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Model;

/// <summary>The <c>include</c> member of DescribeTaskDefinition, DescribeServices and DescribeTasks: only TAGS exists.</summary>
public static class IncludeParser
{
    public static bool Tags(List<string>? include)
    {
        foreach (var value in include ?? [])
        {
            if (value != "TAGS")
            {
                throw EcsException.InvalidParameter($"'{value}' is not a valid include value. Valid values: TAGS.");
            }
        }

        return include?.Contains("TAGS") == true;
    }
}
