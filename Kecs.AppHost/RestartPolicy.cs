using System.Globalization;

namespace Kecs.AppHost;

/// <summary>
/// How a crashed service is restarted: after <see cref="FirstDelay"/>, doubling up to
/// <see cref="LongestDelay"/> while it keeps crashing, and back to the first delay once a run lasted
/// <see cref="StableRun"/>. Configured under <c>Kecs:Restart</c> (for example
/// <c>Kecs__Restart__FirstDelay=00:00:00.2</c>).
/// </summary>
public sealed record RestartPolicy
{
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan LongestDelay { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan StableRun { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The delay before the next restart, given the previous one (if any) and how long the crashed run lasted.</summary>
    public TimeSpan NextDelay(TimeSpan? previous, TimeSpan run) =>
        previous is null || run >= StableRun ? FirstDelay : TimeSpan.FromTicks(Math.Min(previous.Value.Ticks * 2, LongestDelay.Ticks));

    public static RestartPolicy Bind(IConfiguration section, out string? error)
    {
        error = null;
        var policy = new RestartPolicy();
        foreach (var (key, apply) in new (string, Func<RestartPolicy, TimeSpan, RestartPolicy>)[]
                 {
                     ("FirstDelay", (p, v) => p with { FirstDelay = v }),
                     ("LongestDelay", (p, v) => p with { LongestDelay = v }),
                     ("StableRun", (p, v) => p with { StableRun = v }),
                 })
        {
            if (section[key] is not { } text)
            {
                continue;
            }

            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero)
            {
                error = $"Kecs:Restart:{key} must be a duration such as 00:00:01, not '{text}'";
                return policy;
            }

            policy = apply(policy, value);
        }

        if (policy.LongestDelay < policy.FirstDelay)
        {
            error = "Kecs:Restart:LongestDelay must not be shorter than Kecs:Restart:FirstDelay";
        }

        return policy;
    }
}
