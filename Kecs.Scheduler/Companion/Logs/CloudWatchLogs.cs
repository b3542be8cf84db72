using System.Text;
using System.Text.Json.Nodes;
using Kecs.Scheduler.Runtime;

namespace Kecs.Scheduler.Companion.Logs;

/// <summary>The CloudWatch Logs calls the <c>awslogs</c> driver makes, against the companion.</summary>
public sealed class CloudWatchLogs(AwsCompanion companion)
{
    /// <summary>CloudWatch Logs' limits on one PutLogEvents call.</summary>
    public const int MaxEvents = 10_000;
    public const int MaxBatchBytes = 1_048_576;
    public const int EventOverheadBytes = 26;
    public const int MaxEventBytes = 262_144 - EventOverheadBytes;

    private const string Target = "Logs_20140328.";

    /// <summary>
    /// Makes the container's log stream (and its group, when the configuration says to create it) as the driver does when the
    /// container starts; a group that is not there fails the task's start with ECS's reason.
    /// </summary>
    public async Task EnsureStreamAsync(AwsLogsDestination destination, CancellationToken cancellation)
    {
        try
        {
            await CreateAsync("CreateLogStream", destination, withStream: true, cancellation);
        }
        catch (AwsServiceException error) when (error.Code == "ResourceNotFoundException" && destination.CreateGroup)
        {
            await CreateAsync("CreateLogGroup", destination, withStream: false, cancellation);
            await CreateAsync("CreateLogStream", destination, withStream: true, cancellation);
        }
        catch (AwsServiceException error) when (error.Code == "ResourceNotFoundException")
        {
            throw new TaskStartFailure(
                "ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch " +
                $"log stream: ResourceNotFoundException: The specified log group does not exist. ({destination.Group} in {destination.Region})");
        }
    }

    /// <summary>Writes lines in order, in one call (the caller keeps within <see cref="MaxEvents"/> and <see cref="MaxBatchBytes"/>).</summary>
    public async Task PutAsync(AwsLogsDestination destination, IReadOnlyList<LogLine> lines, CancellationToken cancellation)
    {
        var events = new JsonArray(lines.Select(line => (JsonNode)new JsonObject
        {
            ["timestamp"] = line.Timestamp.ToUnixTimeMilliseconds(),
            ["message"] = line.Text,
        }).ToArray());
        var request = new JsonObject { ["logGroupName"] = destination.Group, ["logStreamName"] = destination.Stream, ["logEvents"] = events };
        try
        {
            await companion.CallAsync("logs", Target + "PutLogEvents", destination.Region, request, cancellation);
        }
        catch (AwsServiceException error) when (error.Code == "ResourceNotFoundException")
        {
            // The stream (or its group, when the driver may create it) was deleted, or the companion restarted empty.
            await EnsureStreamAsync(destination, cancellation);
            await companion.CallAsync("logs", Target + "PutLogEvents", destination.Region, (JsonObject)request.DeepClone(), cancellation);
        }
    }

    /// <summary>
    /// Where the stream ends: the time of its last event (epoch milliseconds) and how many events it has at that time, so a
    /// shipper that starts again skips exactly what was written; (0, 0) for an empty or missing stream.
    /// </summary>
    public async Task<(long Timestamp, int Count)> EndOfStreamAsync(AwsLogsDestination destination, CancellationToken cancellation)
    {
        JsonObject answer;
        try
        {
            answer = await companion.CallAsync("logs", Target + "GetLogEvents", destination.Region, new JsonObject
            {
                ["logGroupName"] = destination.Group, ["logStreamName"] = destination.Stream, ["startFromHead"] = false, ["limit"] = 1000,
            }, cancellation);
        }
        catch (AwsServiceException error) when (error.Code == "ResourceNotFoundException")
        {
            return (0, 0);
        }

        var times = (answer["events"] as JsonArray ?? []).Select(e => e!["timestamp"]!.GetValue<long>()).ToList();
        return times.Count == 0 ? (0, 0) : (times.Max(), times.Count(time => time == times.Max()));
    }

    /// <summary>The bytes an event counts for in a batch.</summary>
    public static int SizeOf(LogLine line) => Encoding.UTF8.GetByteCount(line.Text) + EventOverheadBytes;

    private async Task CreateAsync(string operation, AwsLogsDestination destination, bool withStream, CancellationToken cancellation)
    {
        var request = new JsonObject { ["logGroupName"] = destination.Group };
        if (withStream)
        {
            request["logStreamName"] = destination.Stream;
        }

        try
        {
            await companion.CallAsync("logs", Target + operation, destination.Region, request, cancellation);
        }
        catch (AwsServiceException error) when (error.Code == "ResourceAlreadyExistsException")
        {
        }
    }
}
