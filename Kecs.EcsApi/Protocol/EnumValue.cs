namespace Kecs.EcsApi.Protocol;

/// <summary>Enum members arrive as plain strings (botocore does not check them), so the server does.</summary>
public static class EnumValue
{
    public static string Require(string value, string[] allowed, string member) =>
        allowed.Contains(value)
            ? value
            : throw EcsException.InvalidParameter($"'{value}' is not a valid {member}. Valid values: {string.Join(", ", allowed)}.");
}
