using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kecs.Ecs;

namespace Kecs.EcsApi.Protocol;

/// <summary>One call of an operation: the raw JSON body and who makes it.</summary>
public sealed record EcsInvocation(
    ReadOnlyMemory<byte> Body,
    EcsRequestContext Context,
    IServiceProvider Services,
    CancellationToken Cancellation);

/// <summary>
/// The operations Kecs implements, by name. Each entry reads its typed request from JSON, calls a
/// handler on a service from dependency injection, and writes the typed response as JSON.
/// </summary>
public sealed class EcsOperationRegistry
{
    private readonly Dictionary<string, Func<EcsInvocation, Task<byte[]>>> _operations = new(StringComparer.Ordinal);

    public IEnumerable<string> Names => _operations.Keys;

    public EcsOperationRegistry Map<TService, TRequest, TResponse>(
        string name,
        JsonTypeInfo<TRequest> requestJson,
        JsonTypeInfo<TResponse> responseJson,
        Func<TService, TRequest, EcsRequestContext, CancellationToken, Task<TResponse>> handler)
        where TService : notnull
    {
        if (!EcsModelOperations.All.Contains(name))
        {
            throw new ArgumentException($"{name} is not an operation of the ECS model.", nameof(name));
        }

        _operations.Add(name, async invocation =>
        {
            var request = EcsJsonReader.Read(invocation.Body, requestJson);
            var service = invocation.Services.GetRequiredService<TService>();
            var response = await handler(service, request, invocation.Context, invocation.Cancellation);
            return JsonSerializer.SerializeToUtf8Bytes(response, responseJson);
        });
        return this;
    }

    /// <summary>The ECS operation an <c>X-Amz-Target</c> header names, implemented or not; null when it names none.</summary>
    public static string? NameOf(string? target) =>
        target is not null && target.StartsWith(AwsJsonProtocol.EcsTargetPrefix, StringComparison.Ordinal)
        && EcsModelOperations.All.Contains(target[AwsJsonProtocol.EcsTargetPrefix.Length..])
            ? target[AwsJsonProtocol.EcsTargetPrefix.Length..]
            : null;

    /// <summary>Finds the operation an <c>X-Amz-Target</c> header names, or explains why there is none.</summary>
    public Func<EcsInvocation, Task<byte[]>> Resolve(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw EcsException.UnknownOperation(
                $"The request has no {AwsJsonProtocol.TargetHeader} header. ECS operations are selected with " +
                $"{AwsJsonProtocol.TargetHeader}: {AwsJsonProtocol.EcsTargetPrefix}<Operation>.");
        }

        if (!target.StartsWith(AwsJsonProtocol.EcsTargetPrefix, StringComparison.Ordinal))
        {
            throw EcsException.UnknownOperation(
                $"Kecs serves Amazon ECS ({AwsJsonProtocol.EcsTargetPrefix}*) and cannot handle the target '{target}'.");
        }

        var name = target[AwsJsonProtocol.EcsTargetPrefix.Length..];
        if (_operations.TryGetValue(name, out var operation))
        {
            return operation;
        }

        throw EcsModelOperations.All.Contains(name)
            ? EcsException.NotImplemented(name)
            : EcsException.UnknownOperation($"Amazon ECS has no operation named '{name}'.");
    }
}
