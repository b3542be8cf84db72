using System.Text.Json.Nodes;
using Kecs.Testing;

namespace Kecs.AppHost.Tests.Reliability;

/// <summary>
/// Reads back through the ECS API what a <see cref="WriteStream"/> left and lists every broken promise: an
/// acknowledged write missing or present twice, a failed write present twice, or a resource present without the
/// tag written in the same request (half a write).
/// </summary>
public sealed class WrittenStateAudit(EcsClient ecs, string cluster)
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Acknowledged writes that create something (a task definition, service or task), and how many were found.</summary>
    public (int Sent, int Found) AcknowledgedCreations { get; private set; }

    /// <summary>Failed writes that would have created something, and how many of them were found (whole) anyway.</summary>
    public (int Sent, int Found) FailedCreations { get; private set; }

    public async Task RunAsync(IReadOnlyCollection<Write> writes, int writers)
    {
        var byKind = writes.ToLookup(w => w.Kind);
        await AuditTaskDefinitionsAsync(byKind[WriteKind.RegisterTaskDefinition], writers);
        var services = await AuditServicesAsync(byKind[WriteKind.CreateService]);
        var tasks = await AuditTasksAsync(byKind[WriteKind.RunTask]);
        AuditStopTasks(byKind[WriteKind.StopTask], tasks);
        AuditUpdateServices(byKind[WriteKind.UpdateService], services);
    }

    /// <summary>Every service and task of the cluster and every task definition revision as the API answers them, sorted: to compare two moments.</summary>
    public async Task<List<string>> DescribeEverythingAsync()
    {
        var services = await DescribeAllAsync("DescribeServices", "services", 10,
            await PagesAsync("ListServices", new() { ["cluster"] = cluster }, "serviceArns"));
        var taskArns = new List<string>();
        foreach (var desiredStatus in new[] { "RUNNING", "STOPPED" })
        {
            taskArns.AddRange(await PagesAsync("ListTasks", new() { ["cluster"] = cluster, ["desiredStatus"] = desiredStatus }, "taskArns"));
        }

        var tasks = await DescribeAllAsync("DescribeTasks", "tasks", 100, taskArns);
        var definitions = await PagesAsync("ListTaskDefinitions", new(), "taskDefinitionArns");
        return services.Concat(tasks).Select(node => node.ToJsonString()).Concat(definitions).Order(StringComparer.Ordinal).ToList();
    }

    private async Task AuditTaskDefinitionsAsync(IEnumerable<Write> registrations, int writers)
    {
        var found = new List<(string Label, string? Tag)>();
        for (var writer = 0; writer < writers; writer++)
        {
            foreach (var arn in await PagesAsync("ListTaskDefinitions", new() { ["familyPrefix"] = WriteStream.Family(writer) }, "taskDefinitionArns"))
            {
                var described = await ecs.OkAsync("DescribeTaskDefinition", $$"""{"taskDefinition": "{{arn}}", "include": ["TAGS"]}""");
                var label = described["taskDefinition"]!["containerDefinitions"]![0]!["dockerLabels"]!["write"]!.GetValue<string>();
                found.Add((label, TagValue(described["tags"])));
            }
        }

        Count("task definition", registrations, found.Select(f => f.Label));
        foreach (var (label, tag) in found.Where(f => f.Tag != f.Label))
        {
            _problems.Add($"task definition of write {label} has tag '{tag}': half a write");
        }
    }

    private async Task<Dictionary<string, JsonNode>> AuditServicesAsync(IEnumerable<Write> creations)
    {
        var arns = await PagesAsync("ListServices", new() { ["cluster"] = cluster }, "serviceArns");
        var services = await DescribeAllAsync("DescribeServices", "services", 10, arns);

        foreach (var service in services)
        {
            var name = service["serviceName"]!.GetValue<string>();
            if (TagValue(service["tags"]) != name["svc-".Length..])
            {
                _problems.Add($"service {name} is present without its tag: half a write");
            }

            if (service["deployments"]!.AsArray().Count(d => d!["status"]!.GetValue<string>() == "PRIMARY") != 1)
            {
                _problems.Add($"service {name} does not have exactly one PRIMARY deployment: {service["deployments"]!.ToJsonString()}");
            }

            var history = await ecs.OkAsync("ListServiceDeployments", $$"""{"cluster": "{{cluster}}", "service": "{{name}}"}""");
            if (history["serviceDeployments"]!.AsArray().Count == 0)
            {
                _problems.Add($"service {name} has no service deployment");
            }
        }

        Count("service", creations, services.Select(s => s["serviceName"]!.GetValue<string>()["svc-".Length..]));
        return services.ToDictionary(s => s["serviceName"]!.GetValue<string>());
    }

    private async Task<Dictionary<string, JsonNode>> AuditTasksAsync(IEnumerable<Write> runs)
    {
        var arns = new List<string>();
        foreach (var desiredStatus in new[] { "RUNNING", "STOPPED" })
        {
            arns.AddRange(await PagesAsync("ListTasks", new() { ["cluster"] = cluster, ["desiredStatus"] = desiredStatus }, "taskArns"));
        }

        var tasks = await DescribeAllAsync("DescribeTasks", "tasks", 100, arns.Distinct());

        // Service tasks are started by their deployment (ecs-svc/...); RunTask's by the write's marker.
        var runTasks = tasks.Where(t => t["startedBy"]?.GetValue<string>() is { } by && !by.StartsWith("ecs-svc/", StringComparison.Ordinal)).ToList();
        foreach (var task in runTasks.Where(t => TagValue(t["tags"]) != t["startedBy"]!.GetValue<string>()))
        {
            _problems.Add($"task {task["taskArn"]} of write {task["startedBy"]} is present without its tag: half a write");
        }

        Count("task", runs, runTasks.Select(t => t["startedBy"]!.GetValue<string>()));
        return tasks.ToDictionary(t => t["taskArn"]!.GetValue<string>());
    }

    private void AuditStopTasks(IEnumerable<Write> stops, Dictionary<string, JsonNode> tasks)
    {
        foreach (var stop in stops.Where(s => s.Acknowledged))
        {
            if (!tasks.TryGetValue(stop.Subject, out var task) || task["desiredStatus"]!.GetValue<string>() != "STOPPED")
            {
                _problems.Add($"StopTask {stop.Marker} was acknowledged but task {stop.Subject} is {task?["desiredStatus"]?.GetValue<string>() ?? "missing"}");
            }
        }
    }

    /// <summary>A service ends at the count of its last acknowledged update, or of a failed update sent after it.</summary>
    private void AuditUpdateServices(IEnumerable<Write> updates, Dictionary<string, JsonNode> services)
    {
        foreach (var perService in updates.GroupBy(u => u.Subject))
        {
            var ordered = perService.OrderBy(u => u.Sequence).ToList();
            var lastAcknowledged = ordered.FindLastIndex(u => u.Acknowledged);
            if (lastAcknowledged < 0)
            {
                continue;
            }

            var possible = ordered.Skip(lastAcknowledged).Where((u, i) => i == 0 || !u.Acknowledged).Select(u => u.DesiredCount!.Value).ToHashSet();
            var actual = services.TryGetValue(perService.Key, out var service) ? service["desiredCount"]!.GetValue<int>() : -1;
            if (!possible.Contains(actual))
            {
                _problems.Add($"service {perService.Key} has desiredCount {actual}; its last acknowledged update set {ordered[lastAcknowledged].DesiredCount}");
            }
        }
    }

    /// <summary>Acknowledged writes must be found exactly once, failed ones at most once.</summary>
    private void Count(string what, IEnumerable<Write> sent, IEnumerable<string> foundMarkers)
    {
        var found = foundMarkers.CountBy(m => m).ToDictionary();
        foreach (var write in sent)
        {
            var times = found.GetValueOrDefault(write.Marker);
            var tally = write.Acknowledged ? AcknowledgedCreations : FailedCreations;
            tally = (tally.Sent + 1, tally.Found + (times > 0 ? 1 : 0));
            if (write.Acknowledged)
            {
                AcknowledgedCreations = tally;
            }
            else
            {
                FailedCreations = tally;
            }

            if (write.Acknowledged ? times != 1 : times > 1)
            {
                _problems.Add($"{what} of {(write.Acknowledged ? "acknowledged" : "failed")} write {write.Marker} found {times} times");
            }
        }

        var sentMarkers = sent.Select(w => w.Marker).ToHashSet();
        foreach (var stray in found.Keys.Where(m => !sentMarkers.Contains(m)))
        {
            _problems.Add($"{what} of write {stray} found, but no such write was sent");
        }
    }

    /// <summary>Describes every ARN with its tags, <paramref name="perCall"/> at a time.</summary>
    private async Task<List<JsonNode>> DescribeAllAsync(string operation, string member, int perCall, IEnumerable<string> arns)
    {
        var described = new List<JsonNode>();
        foreach (var batch in arns.Chunk(perCall))
        {
            var page = await ecs.OkAsync(operation, new JsonObject
            {
                ["cluster"] = cluster,
                [member] = new JsonArray(batch.Select(arn => (JsonNode)arn).ToArray()),
                ["include"] = new JsonArray("TAGS"),
            }.ToJsonString());
            described.AddRange(page[member]!.AsArray().Select(item => item!));
        }

        return described;
    }

    private async Task<List<string>> PagesAsync(string operation, JsonObject request, string member)
    {
        var all = new List<string>();
        request["maxResults"] = 100;
        do
        {
            var page = await ecs.OkAsync(operation, request.ToJsonString());
            all.AddRange(page[member]!.AsArray().Select(a => a!.GetValue<string>()));
            request["nextToken"] = page["nextToken"]?.GetValue<string>();
        }
        while (request["nextToken"] is not null);

        return all;
    }

    private static string? TagValue(JsonNode? tags) =>
        tags?.AsArray().FirstOrDefault(t => t!["key"]!.GetValue<string>() == "write")?["value"]?.GetValue<string>();
}
