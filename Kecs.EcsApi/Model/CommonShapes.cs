namespace Kecs.EcsApi.Model;

// Shapes shared by many ECS operations, named and spelled as in the ECS service model.

public sealed class Tag
{
    public string? Key { get; init; }
    public string? Value { get; init; }
}

public sealed class EcsKeyValuePair
{
    public string? Name { get; init; }
    public string? Value { get; init; }
}

public sealed class Failure
{
    public string? Arn { get; init; }
    public string? Reason { get; init; }
    public string? Detail { get; init; }
}

public sealed class Attachment
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? Status { get; init; }
    public List<EcsKeyValuePair>? Details { get; init; }
}

public sealed class CapacityProviderStrategyItem
{
    public string? CapacityProvider { get; init; }
    public int? Weight { get; init; }
    public int? Base { get; init; }
}
