using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Kecs.Bench.Hosting;

/// <summary>
/// A process the bench starts (the AppHost, EcsApi, the Scheduler, moto_server): its output kept,
/// its resident memory and CPU time read from /proc, and stopped with it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly Lock _lock = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public static ChildProcess Start(string executable, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start"));
    }

    /// <summary>A .NET service of Kecs from its built DLL, listening on loopback.</summary>
    public static ChildProcess Dotnet(string dll, string projectDirectory, IReadOnlyDictionary<string, string> environment) =>
        Start("dotnet", [dll], projectDirectory, environment);

    /// <summary>The first capture group of the first output line that matches, waiting for it.</summary>
    public async Task<string> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            lock (_lock)
            {
                foreach (var line in _output)
                {
                    if (pattern.Match(line) is { Success: true } match)
                    {
                        return match.Groups[1].Value;
                    }
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {_process.ExitCode}:\n{string.Join('\n', _output.TakeLast(20))}");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No output matched {pattern} within {timeout}:\n{string.Join('\n', _output.TakeLast(20))}");
    }

    /// <summary>The process of this family whose command line names <paramref name="dll"/> (a service the AppHost started).</summary>
    public int Child(string dll) => Family().First(pid => CommandLine(pid).Contains(dll, StringComparison.Ordinal));

    /// <summary>
    /// Memory of this process's family (for the AppHost: itself, Aspire's DCP, the dashboard and the services), in
    /// bytes: resident (pages shared between them, the .NET runtime's above all, counted in each) and proportional (each
    /// shared page split between the processes sharing it, so together they count it once).
    /// </summary>
    public (long Resident, long Proportional) TreeMemory()
    {
        var alive = Family().Where(pid => File.Exists($"/proc/{pid}/smaps_rollup")).ToList();
        return (alive.Sum(ResidentBytes), alive.Sum(pid => Kilobytes($"/proc/{pid}/smaps_rollup", "Pss:") * 1024));
    }

    /// <summary>
    /// This process, every process under it, and for the AppHost what Aspire's DCP runs for it: DCP detaches from the
    /// AppHost (it is started with <c>--monitor PID</c>), and the services and the dashboard run under DCP.
    /// </summary>
    public IReadOnlyList<int> Family()
    {
        var processes = Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Select(pid => (Pid: pid, Parent: Stat(pid)?[1]))
            .Where(p => p.Parent is not null)
            .ToList();
        var children = processes.ToLookup(p => int.Parse(p.Parent!, CultureInfo.InvariantCulture), p => p.Pid);
        var monitor = $"--monitor {Pid} ";
        var family = processes.Select(p => p.Pid).Where(pid => CommandLine(pid).Contains(monitor, StringComparison.Ordinal)).Prepend(Pid).ToList();
        for (var i = 0; i < family.Count; i++)
        {
            family.AddRange(children[family[i]]);
        }

        return family.Distinct().ToList();
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Resident memory (VmRSS) of a process, in bytes.</summary>
    public static long ResidentBytes(int pid) => Kilobytes($"/proc/{pid}/status", "VmRSS:") * 1024;

    private static long Kilobytes(string file, string field) =>
        long.Parse(File.ReadLines(file).First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        if (Kill(Pid, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill({Pid}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Running or sleeping; a zombie has exited and only waits to be reaped.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] is not ("Z" or "X");

    /// <summary>User plus system CPU time a process has used so far (zero once it is gone).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        if (Stat(pid) is not { } fields)
        {
            return TimeSpan.Zero;
        }

        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The fields of /proc/PID/stat after the command name: state, parent, ...</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_lock)
            {
                _output.Add(line);
            }
        }
    }
}
