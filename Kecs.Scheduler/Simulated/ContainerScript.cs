using System.Globalization;
using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Simulated;

/// <summary>
/// What a container does on the simulated runtime, read from its command (entryPoint, then the command or its
/// override; a shell's <c>-c</c> script when it runs one). The script language is a shell's smallest subset:
/// statements separated by <c>;</c>, <c>&amp;&amp;</c> or new lines, each <c>sleep S</c> (seconds),
/// <c>exit [N]</c>, <c>echo ...</c>, <c>true</c> or <c>:</c>. A command made only of these exits as a shell would:
/// <c>sh -c "sleep 2; exit 3"</c> exits with code 3 two seconds after it started, <c>sleep 5</c> with 0 after five.
/// What the script echoes before a statement it does not understand is its log, each line at the time the script reaches it.
/// Any other command (or none: the image's own) runs until the task is stopped. An image from a registry under the
/// reserved <c>.invalid</c> domain (<c>registry.invalid/app:1</c>) can never be pulled.
/// </summary>
public sealed record ContainerScript(TimeSpan? ExitsAfter, int ExitCode, bool CannotPull, IReadOnlyList<EchoedLine> Log)
{
    // Longer sleeps (and "sleep infinity") run until the task is stopped: a timer cannot wait much past 49 days.
    private const double LongestSleepSeconds = 30 * 24 * 3600;

    private static readonly string[] Shells = ["sh", "bash", "ash", "dash", "zsh"];

    public static ContainerScript Of(ContainerDefinition container, ContainerOverride? overrides)
    {
        var command = overrides?.Command is { Count: > 0 } given ? given : container.Command ?? [];
        var words = (container.EntryPoint ?? []).Concat(command).ToList();
        var script = words is [var shell, "-c", var text, ..] && Shells.Contains(Path.GetFileName(shell)) ? text : string.Join(' ', words);
        var log = new List<EchoedLine>();
        var (exitsAfter, exitCode) = Run(script, log);
        return new ContainerScript(exitsAfter, exitCode, IsUnpullable(container.Image ?? ""), log);
    }

    private static (TimeSpan? ExitsAfter, int ExitCode) Run(string script, List<EchoedLine> log)
    {
        var statements = script.Split([";", "&&", "\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (statements.Length == 0)
        {
            return (null, 0);
        }

        var elapsed = TimeSpan.Zero;
        foreach (var statement in statements)
        {
            var words = statement.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words)
            {
                case ["sleep", var seconds] when double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
                                                 && s is >= 0 and <= LongestSleepSeconds:
                    elapsed += TimeSpan.FromSeconds(s);
                    if (elapsed.TotalSeconds > LongestSleepSeconds)
                    {
                        return (null, 0);
                    }

                    break;
                case ["exit"]:
                    return (elapsed, 0);
                case ["exit", var code] when int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
                    return (elapsed, n & 0xFF);
                case ["echo", ..]:
                    log.Add(new EchoedLine(elapsed, Unquote(statement["echo".Length..].Trim())));
                    break;
                case ["true"] or [":"]:
                    break;
                default:
                    return (null, 0);
            }
        }

        return (elapsed, 0);
    }

    /// <summary>The text of an <c>echo</c>: its words, without the quotes around the whole of it.</summary>
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '"' or '\'' ? text[1..^1] : text;

    /// <summary>True when the image's registry is under <c>.invalid</c>, a domain that never resolves (RFC 2606).</summary>
    private static bool IsUnpullable(string image)
    {
        var slash = image.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var registry = image[..slash].Split(':')[0];
        return registry.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A line a simulated container's script writes, <see cref="At"/> after the container started.</summary>
public sealed record EchoedLine(TimeSpan At, string Text);
