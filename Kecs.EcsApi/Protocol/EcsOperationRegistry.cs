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

    /// <summary>Starts mapping the operations one service from dependency injection implements.</summary>
    public OperationsOf<TService> For<TService>() where TService : notnull => new(this);

    private void Add<TService, TRequest, TResponse>(
        EcsOperation<TRequest, TResponse> operation, Func<TService, TRequest, EcsRequestContext, CancellationToken, Task<TResponse>> handler)
        where TService : notnull =>
        _operations.Add(operation.Name, async invocation =>
        {
            var request = EcsJsonReader.Read(invocation.Body, operation.Request);
            var service = invocation.Services.GetRequiredService<TService>();
            var response = await handler(service, request, invocation.Context, invocation.Cancellation);
            return JsonSerializer.SerializeToUtf8Bytes(response, operation.Response);
        });

    /// <summary>Maps operations of the model to the handlers of one service.</summary>
    public sealed class OperationsOf<TService>(EcsOperationRegistry registry) where TService : notnull
    {
        public OperationsOf<TService> Map<TRequest, TResponse>(
            EcsOperation<TRequest, TResponse> operation, Func<TService, TRequest, EcsRequestContext, CancellationToken, Task<TResponse>> handler)
        {
            registry.Add(operation, handler);
            return this;
        }
    }

    /// <summary>The ECS operation an <c>X-Amz-Target</c> header names, implemented or not; null when it names none.</summary>
    public static string? NameOf(string? target) =>
        target is not null && target.StartsWith(AwsJsonProtocol.EcsTargetPrefix, StringComparison.Ordinal)
        && EcsOperations.Names.Contains(target[AwsJsonProtocol.EcsTargetPrefix.Length..])
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

        throw EcsOperations.Names.Contains(name)
            ? EcsException.NotImplemented(name)
            : EcsException.UnknownOperation($"Amazon ECS has no operation named '{name}'.");
    }
}
