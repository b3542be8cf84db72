using System.Text.Json.Serialization.Metadata;

namespace Kecs.EcsApi.Protocol;

/// <summary>One operation of the ECS model: its name and how its request and response read and write as JSON (see <see cref="EcsOperations"/>).</summary>
public sealed record EcsOperation<TRequest, TResponse>(string Name, JsonTypeInfo<TRequest> Request, JsonTypeInfo<TResponse> Response);
