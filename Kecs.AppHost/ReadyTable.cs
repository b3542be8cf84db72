using System.Text;

namespace Kecs.AppHost;

/// <summary>The summary printed once every service is healthy.</summary>
public static class ReadyTable
{
    public static string Render(IReadOnlyList<ChildService> children, AppHostOptions options, TimeSpan startup)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Kecs is ready in {startup.TotalSeconds:0.0} s.");
        text.AppendLine();
        text.AppendLine($"  {"RESOURCE",-10} {"STATE",-10} {"URL",-28} PID");
        foreach (var child in children)
        {
            text.AppendLine($"  {child.Name,-10} {child.State,-10} {child.Url,-28} {child.Pid}");
        }

        text.AppendLine();
        text.AppendLine($"  ECS endpoint  {options.GatewayUrl}");
        text.AppendLine($"  Admin         {options.GatewayUrl}/admin");
        text.AppendLine($"  Data          {options.DataDir}");
        text.AppendLine($"  Runtime       {options.Runtime}{(options.KubeContext is null ? "" : $" (context {options.KubeContext})")}");
        text.AppendLine();
        text.AppendLine($"Try: aws ecs list-clusters --endpoint-url {options.GatewayUrl} --region us-east-1");
        text.Append("Press Ctrl+C to stop.");
        return text.ToString();
    }
}
