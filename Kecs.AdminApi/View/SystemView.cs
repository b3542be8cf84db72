using System.Text.Json.Nodes;
using Kecs.AdminApi.Components;

namespace Kecs.AdminApi.View;

/// <summary>
/// What the web view shows, read through the ECS API as any client would (default region): every
/// cluster with its services (deployments and events included) and its tasks, running and recently stopped.
/// </summary>
public sealed class SystemView(KecsComponents components, TimeProvider clock)
{
    private const int MaxTasksPerCluster = 500;

    public async Task<JsonObject> ReadAsync(CancellationToken cancellation)
    {
        var clusters = new JsonArray();
        var clusterArns = await ListAsync("ListClusters", "{}", "clusterArns", int.MaxValue, cancellation);
        foreach (var batch in clusterArns.Chunk(100))
        {
            var described = await EcsAsync("DescribeClusters", new JsonObject { ["clusters"] = Array(batch) }, cancellation);
            foreach (var cluster in described["clusters"]!.AsArray().OfType<JsonObject>())
            {
                var arn = cluster["clusterArn"]!.GetValue<string>();
                cluster["services"] = await ServicesAsync(arn, cancellation);
                cluster["tasks"] = await TasksAsync(arn, cancellation);
                clusters.Add(cluster.DeepClone());
            }
        }

        return new JsonObject { ["generatedAt"] = clock.GetUtcNow().ToString("O"), ["clusters"] = clusters };
    }

    private async Task<JsonArray> ServicesAsync(string clusterArn, CancellationToken cancellation)
    {
        var services = new JsonArray();
        var arns = await ListAsync("ListServices", $$"""{"cluster": "{{clusterArn}}", "maxResults": 100}""", "serviceArns", int.MaxValue, cancellation);
        foreach (var batch in arns.Chunk(10))
        {
            var described = await EcsAsync("DescribeServices", new JsonObject { ["cluster"] = clusterArn, ["services"] = Array(batch) }, cancellation);
            foreach (var service in described["services"]!.AsArray())
            {
                services.Add(service!.DeepClone());
            }
        }

        return services;
    }

    private async Task<JsonArray> TasksAsync(string clusterArn, CancellationToken cancellation)
    {
        var arns = new List<string>();
        foreach (var desiredStatus in new[] { "RUNNING", "STOPPED" })
        {
            arns.AddRange(await ListAsync("ListTasks",
                $$"""{"cluster": "{{clusterArn}}", "desiredStatus": "{{desiredStatus}}", "maxResults": 100}""", "taskArns", MaxTasksPerCluster - arns.Count, cancellation));
        }

        var tasks = new JsonArray();
        foreach (var batch in arns.Distinct().Chunk(100))
        {
            var described = await EcsAsync("DescribeTasks", new JsonObject { ["cluster"] = clusterArn, ["tasks"] = Array(batch) }, cancellation);
            foreach (var task in described["tasks"]!.AsArray())
            {
                tasks.Add(task!.DeepClone());
            }
        }

        return tasks;
    }

    private async Task<List<string>> ListAsync(string operation, string request, string member, int limit, CancellationToken cancellation)
    {
        var found = new List<string>();
        var body = JsonNode.Parse(request)!.AsObject();
        while (found.Count < limit)
        {
            var page = await EcsAsync(operation, body, cancellation);
            found.AddRange(page[member]!.AsArray().Select(arn => arn!.GetValue<string>()).Take(limit - found.Count));
            if (page["nextToken"]?.GetValue<string>() is not { } next)
            {
                break;
            }

            body["nextToken"] = next;
        }

        return found;
    }

    private Task<JsonNode> EcsAsync(string operation, JsonObject request, CancellationToken cancellation) =>
        components.EcsApi.EcsAsync(operation, request.ToJsonString(), AdminJsonContext.Default.JsonNode, cancellation);

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(value => (JsonNode)value).ToArray());
}
