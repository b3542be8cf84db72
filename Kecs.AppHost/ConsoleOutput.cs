namespace Kecs.AppHost;

/// <summary>
/// The AppHost's terminal: every child's lines prefixed with its name (coloured on a terminal), and
/// the AppHost's own messages. Lines from different children never interleave mid-line.
/// </summary>
public sealed class ConsoleOutput
{
    private static readonly string[] Colours = ["\e[36m", "\e[35m", "\e[33m", "\e[32m", "\e[34m"];
    private const string Reset = "\e[0m";
    private const int NameWidth = 9;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _colourByName = [];

    public bool IsTerminal { get; } = !Console.IsOutputRedirected;

    public void Line(string source, string text)
    {
        lock (_lock)
        {
            if (!_colourByName.TryGetValue(source, out var colour))
            {
                colour = Colours[_colourByName.Count % Colours.Length];
                _colourByName[source] = colour;
            }

            var prefix = source.PadRight(NameWidth) + "|";
            Console.Out.WriteLine(IsTerminal ? $"{colour}{prefix}{Reset} {text}" : $"{prefix} {text}");
        }
    }

    public void AppHost(string text) => Line("apphost", text);

    public void Block(string text)
    {
        lock (_lock)
        {
            Console.Out.WriteLine(text);
        }
    }
}
