using Kecs.Ecs.Internal;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Tasks;

/// <summary>
/// Task scale-in protection: UpdateTaskProtection protects a service's tasks from being stopped by the service
/// scheduler (scale-in and deployments) for 1 to 2,880 minutes, 120 by default; GetTaskProtection reads it back.
/// Protection ends by itself at its expiration date; StopTask still stops a protected task.
/// </summary>
public sealed class TaskProtectionOperations(EcsStore store, TimeProvider clock)
{
    private const int DefaultMinutes = 120;
    private const int LongestMinutes = 2880;
    private const int MaxUpdate = 10;
    private const int MaxGet = 100;

    public static void Map(EcsOperationRegistry operations) => operations.For<TaskProtectionOperations>()
        .Map(EcsOperations.UpdateTaskProtection,
            static (ops, request, context, ct) => ops.UpdateAsync(request, context, ct))
        .Map(EcsOperations.GetTaskProtection,
            static (ops, request, context, _) => Task.FromResult(ops.Get(request, context)));

    public async Task<UpdateTaskProtectionResponse> UpdateAsync(
        UpdateTaskProtectionRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var values = Limited(Required.Value(request.Tasks, "tasks"), MaxUpdate);
        var enable = Required.Value(request.ProtectionEnabled, "protectionEnabled");
        var minutes = request.ExpiresInMinutes ?? DefaultMinutes;
        if (enable && minutes is < 1 or > LongestMinutes)
        {
            throw EcsException.InvalidParameter($"expiresInMinutes must be between 1 and {LongestMinutes}; it was {minutes}.");
        }

        return await store.WriteAsync(write =>
        {
            var cluster = ClusterStore.RequireActive(write.State, request.Cluster, context);
            var until = enable ? clock.GetUtcNow().AddMinutes(minutes) : (DateTimeOffset?)null;
            var response = new UpdateTaskProtectionResponse { ProtectedTasks = [], Failures = [] };
            foreach (var value in values)
            {
                if (Protectable(write.State, cluster, value, out var failure) is not { } row)
                {
                    response.Failures.Add(failure!);
                    continue;
                }

                write.Put(row with { ProtectedUntil = until });
                write.Changed(ChangeKind.Task, row.Arn);
                response.ProtectedTasks.Add(View(row.Arn, until));
            }

            return response;
        }, cancellation);
    }

    public GetTaskProtectionResponse Get(GetTaskProtectionRequest request, EcsRequestContext context)
    {
        var values = request.Tasks is { Count: > 0 } given ? Limited(given, MaxGet) : [];
        var now = clock.GetUtcNow();
        return store.Read(state =>
        {
            var cluster = ClusterStore.RequireActive(state, request.Cluster, context);
            var response = new GetTaskProtectionResponse { ProtectedTasks = [], Failures = [] };
            foreach (var value in values)
            {
                if (Protectable(state, cluster, value, out var failure) is { } row)
                {
                    response.ProtectedTasks.Add(View(row.Arn, row.ProtectedUntil > now ? row.ProtectedUntil : null));
                }
                else
                {
                    response.Failures.Add(failure!);
                }
            }

            return response;
        });
    }

    /// <summary>The task's row when it is a running task of a service in this cluster; otherwise the failure ECS reports.</summary>
    private static TaskRow? Protectable(EcsState state, Cluster cluster, string value, out Failure? failure)
    {
        var arn = TaskReference.ArnIn(cluster, value);
        failure = null;
        if (arn is null || !state.Tasks.TryGetValue(arn, out var row))
        {
            failure = new Failure { Arn = arn ?? value, Reason = "MISSING", Detail = "The specified task could not be found." };
            return null;
        }

        if (row.ServiceArn is null)
        {
            failure = new Failure { Arn = arn, Reason = "TASK_NOT_VALID", Detail = "The task is not part of an Amazon ECS service; only a service's tasks can be protected." };
            return null;
        }

        if (row.DesiredStatus != TaskStore.DesiredRunning)
        {
            failure = new Failure { Arn = arn, Reason = "TASK_NOT_VALID", Detail = "The task is stopping or has stopped." };
            return null;
        }

        return row;
    }

    private static ProtectedTask View(string taskArn, DateTimeOffset? until) =>
        new() { TaskArn = taskArn, ProtectionEnabled = until is not null, ExpirationDate = until };

    private static List<string> Limited(List<string> values, int most) =>
        values.Count >= 1 && values.Count <= most
            ? values
            : throw EcsException.InvalidParameter($"tasks must list between 1 and {most} task IDs or ARNs; {values.Count} were given.");
}
