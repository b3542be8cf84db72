using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kecs.Testing;

namespace Kecs.AppHost.Tests.Reliability;

public enum WriteKind { RegisterTaskDefinition, CreateService, RunTask, StopTask, UpdateService }

/// <summary>
/// One write sent to Kecs and how it ended. <paramref name="Marker"/> is unique per write and is stored with what the
/// write creates (a tag, a docker label, startedBy), so the audit can count what each write left behind.
/// </summary>
public sealed record Write(int Sequence, WriteKind Kind, string Marker, string Subject, bool Acknowledged, int? DesiredCount = null);

/// <summary>
/// Writers that each loop over RegisterTaskDefinition, CreateService, RunTask, StopTask and UpdateService on resources
/// of their own, recording every write and whether it was acknowledged with a 200. Anything else (a 5xx from the
/// gateway while EcsApi is down, a reset connection, a timeout) is a failed write.
/// </summary>
public sealed class WriteStream(EcsClient ecs, string cluster, int writers)
{
    private readonly ConcurrentQueue<Write> _writes = new();
    private int _sequence;
    private int _acknowledged;

    public IReadOnlyCollection<Write> Writes => _writes;
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public static string Family(int writer) => $"crash-{writer}";

    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(() => WriterAsync(writer, stop), CancellationToken.None)));

    private async Task WriterAsync(int writer, CancellationToken stop)
    {
        var family = Family(writer);
        var services = new List<string>();
        var tasks = new Queue<string>();
        for (var step = 0; !stop.IsCancellationRequested; step++)
        {
            var marker = $"w{writer}-{step}";
            switch ((WriteKind)(step % 5))
            {
                case WriteKind.RegisterTaskDefinition:
                    await SendAsync(WriteKind.RegisterTaskDefinition, marker, family, "RegisterTaskDefinition", $$"""
                        {"family": "{{family}}", "tags": [{"key": "write", "value": "{{marker}}"}],
                         "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64, "dockerLabels": {"write": "{{marker}}"} }]}
                        """);
                    break;
                case WriteKind.CreateService:
                    var name = $"svc-{marker}";
                    if (await SendAsync(WriteKind.CreateService, marker, name, "CreateService", $$"""
                            {"cluster": "{{cluster}}", "serviceName": "{{name}}", "taskDefinition": "{{family}}", "desiredCount": 1,
                             "tags": [{"key": "write", "value": "{{marker}}"}]}
                            """) is not null)
                    {
                        services.Add(name);
                    }

                    break;
                case WriteKind.RunTask:
                    var run = await SendAsync(WriteKind.RunTask, marker, family, "RunTask", $$"""
                        {"cluster": "{{cluster}}", "taskDefinition": "{{family}}", "startedBy": "{{marker}}",
                         "tags": [{"key": "write", "value": "{{marker}}"}]}
                        """);
                    if (run?["tasks"]?.AsArray() is [{ } task, ..])
                    {
                        tasks.Enqueue(task["taskArn"]!.GetValue<string>());
                    }

                    break;
                case WriteKind.StopTask when tasks.TryDequeue(out var taskArn):
                    await SendAsync(WriteKind.StopTask, marker, taskArn, "StopTask",
                        $$"""{"cluster": "{{cluster}}", "task": "{{taskArn}}", "reason": "{{marker}}"}""");
                    break;
                case WriteKind.UpdateService when services.Count > 0:
                    var service = services[step / 5 % services.Count];
                    var desired = step / 5 % 3;
                    await SendAsync(WriteKind.UpdateService, marker, service, "UpdateService",
                        $$"""{"cluster": "{{cluster}}", "service": "{{service}}", "desiredCount": {{desired}}}""", desired);
                    break;
            }
        }
    }

    private async Task<JsonNode?> SendAsync(WriteKind kind, string marker, string subject, string operation, string body, int? desiredCount = null)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        JsonNode? answer = null;
        try
        {
            var response = await ecs.CallAsync(operation, body);
            answer = response.Status == 200 ? response.Json : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // The write failed in flight: EcsApi died under it, or the gateway answered without a body.
        }

        _writes.Enqueue(new Write(sequence, kind, marker, subject, answer is not null, desiredCount));
        if (answer is not null)
        {
            Interlocked.Increment(ref _acknowledged);
        }
        else
        {
            // EcsApi is down or restarting; do not spin.
            await Task.Delay(20);
        }

        return answer;
    }
}
