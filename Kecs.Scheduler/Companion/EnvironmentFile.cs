namespace Kecs.Scheduler.Companion;

/// <summary>
/// An ECS environment file: one <c>VARIABLE=VALUE</c> per line, taken as written (no quoting, no expansion); blank
/// lines and lines starting with <c>#</c> are skipped, and so is a line without <c>=</c> or with an empty name.
/// </summary>
public static class EnvironmentFile
{
    public static List<(string Name, string Value)> Parse(string text) =>
        text.ReplaceLineEndings("\n").Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => (Line: line, Separator: line.IndexOf('=')))
            .Where(entry => entry.Separator > 0)
            .Select(entry => (entry.Line[..entry.Separator], entry.Line[(entry.Separator + 1)..]))
            .ToList();
}
