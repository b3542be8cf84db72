namespace Kecs.EcsApi.Protocol;

/// <summary>Members the ECS model marks as required. The AWS CLI checks them itself; other SDKs send what they are given.</summary>
public static class Required
{
    public static T Value<T>(T? value, string member) where T : class =>
        value is null or "" ? throw Missing(member) : value;

    public static T Value<T>(T? value, string member) where T : struct =>
        value ?? throw Missing(member);

    private static EcsException Missing(string member) =>
        EcsException.InvalidParameter($"The request is missing the required parameter '{member}'.");
}
