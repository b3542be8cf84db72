using System.Globalization;

namespace Kecs.EcsApi.ContainerInstances;

/// <summary>The operators of the cluster query language.</summary>
public enum QueryOperator
{
    Equals, NotEquals, Greater, GreaterOrEqual, Less, LessOrEqual, Exists, NotExists, In, NotIn, Matches, NotMatches,
}

/// <summary>
/// A subject of ECS's cluster query language: what it reads of a container instance, the operators the documentation
/// allows on it, and how its values compare with an argument (as text, a whole number, an agent version or a time).
/// </summary>
public sealed class ClusterQuerySubject
{
    public const string Known = "agentConnected, agentVersion, attribute:NAME, ec2InstanceId, ec2InstanceType, registeredAt, runningTasksCount or task:group";

    private static readonly QueryOperator[] IdentityOperators =
        [QueryOperator.Equals, QueryOperator.NotEquals, QueryOperator.In, QueryOperator.NotIn, QueryOperator.Matches, QueryOperator.NotMatches];

    private static readonly QueryOperator[] OrderedOperators =
    [
        QueryOperator.Equals, QueryOperator.NotEquals, QueryOperator.Greater, QueryOperator.GreaterOrEqual, QueryOperator.Less,
        QueryOperator.LessOrEqual,
    ];

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss"];
    private const string DateFormat = "yyyy-MM-dd";

    private readonly Kind _kind;

    private ClusterQuerySubject(string name, Kind kind, QueryOperator[] operators, Func<QueryTarget, IEnumerable<string>> values)
    {
        Name = name;
        _kind = kind;
        Operators = operators;
        Values = values;
    }

    private enum Kind { Text, Flag, Count, Version, Time }

    public string Name { get; }

    public IReadOnlyCollection<QueryOperator> Operators { get; }

    /// <summary>The subject's values on an instance: none when it has no such value, several for <c>task:group</c>.</summary>
    public Func<QueryTarget, IEnumerable<string>> Values { get; }

    /// <summary>The subject a word names, or null.</summary>
    public static ClusterQuerySubject? Named(string word)
    {
        if (word.StartsWith("attribute:", StringComparison.Ordinal) && word.Length > "attribute:".Length)
        {
            var attribute = word["attribute:".Length..];
            return new(word, Kind.Text, Enum.GetValues<QueryOperator>(), target => AttributeValue(target, attribute));
        }

        return word switch
        {
            "agentConnected" => new(word, Kind.Flag, IdentityOperators,
                target => [target.Instance.AgentConnected == true ? "true" : "false"]),
            "agentVersion" => new(word, Kind.Version, OrderedOperators, target => Present(target.Instance.VersionInfo?.AgentVersion)),
            "ec2InstanceId" => new(word, Kind.Text, IdentityOperators, target => Present(target.Instance.Ec2InstanceId)),
            "ec2InstanceType" => new(word, Kind.Text, IdentityOperators, target => AttributeValue(target, "ecs.instance-type")),
            "registeredAt" => new(word, Kind.Time, OrderedOperators,
                target => Present(target.Instance.RegisteredAt?.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture))),
            "runningTasksCount" => new(word, Kind.Count, OrderedOperators,
                target => [(target.Instance.RunningTasksCount ?? 0).ToString(CultureInfo.InvariantCulture)]),
            "task:group" => new(word, Kind.Text, Enum.GetValues<QueryOperator>(), target => target.TaskGroups.OfType<string>().Distinct()),
            _ => null,
        };
    }

    /// <summary>Why an argument cannot be compared with this subject's values by the operator, or null when it can.</summary>
    public string? Unfit(QueryOperator op, string argument) => _kind switch
    {
        Kind.Flag when argument is not ("true" or "false") => $"{Name} is true or false",
        Kind.Count when !int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out _) => $"{Name} is a whole number",
        Kind.Version when op is not (QueryOperator.Equals or QueryOperator.NotEquals) && Version(argument) is null =>
            $"{Name} is ordered against a version such as 1.14.5",
        Kind.Time when Time(argument) is null =>
            $"{Name} is compared with a date or time such as 2018-06-18T22:28:28+00:00, 2018-06-18T22:28:28Z, 2018-06-18T22:28:28 or 2018-06-18",
        _ => null,
    };

    /// <summary>How a value of this subject compares with an argument, or null when they cannot be ordered.</summary>
    public int? Compare(string value, string argument)
    {
        switch (_kind)
        {
            case Kind.Count:
                return int.Parse(value, CultureInfo.InvariantCulture).CompareTo(int.Parse(argument, CultureInfo.InvariantCulture));
            case Kind.Version:
                return Version(value) is { } version ? version.CompareTo(Version(argument)) : null;
            case Kind.Time:
                var registered = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
                // A date alone compares with the day the instance registered; a time, with the second.
                return Time(argument) switch
                {
                    (var day, true) => DateOnly.FromDateTime(registered.UtcDateTime).CompareTo(DateOnly.FromDateTime(day.UtcDateTime)),
                    (var instant, false) => registered.ToUnixTimeSeconds().CompareTo(instant.ToUnixTimeSeconds()),
                    null => null,
                };
            default:
                return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var left)
                       && decimal.TryParse(argument, NumberStyles.Number, CultureInfo.InvariantCulture, out var right)
                    ? left.CompareTo(right)
                    : string.CompareOrdinal(value, argument);
        }
    }

    /// <summary>Equality: the same text, or for numbers, versions and times the same value.</summary>
    public bool Same(string value, string argument) => _kind switch
    {
        Kind.Text or Kind.Flag => value == argument,
        Kind.Version => value == argument || (Version(argument) is not null && Compare(value, argument) == 0),
        _ => Compare(value, argument) == 0,
    };

    private static IEnumerable<string> AttributeValue(QueryTarget target, string name) =>
        target.Instance.Attributes?.FirstOrDefault(attribute => attribute.Name == name) is { } found ? [found.Value ?? ""] : [];

    private static IEnumerable<string> Present(string? value) => value is null ? [] : [value];

    private static Version? Version(string text) =>
        System.Version.TryParse(text.TrimStart('v'), out var version) ? version
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0) : null;

    private static (DateTimeOffset Value, bool DateOnly)? Time(string text) =>
        DateTimeOffset.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day) ? (day, true)
        : DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? (instant, false)
        : null;
}
