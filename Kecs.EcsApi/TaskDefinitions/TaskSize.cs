using System.Globalization;
using System.Text.RegularExpressions;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.TaskDefinitions;

/// <summary>
/// Task-level cpu and memory as ECS stores them: strings of CPU units and MiB, converted at
/// registration from the other spellings ECS accepts ("1 vCPU", "0.5 GB").
/// </summary>
public static partial class TaskSize
{
    private static readonly Dictionary<int, (int Smallest, int Largest, int Step)> FargateMemoryByCpu = new()
    {
        [256] = (512, 2048, 512),
        [512] = (1024, 4096, 1024),
        [1024] = (2048, 8192, 1024),
        [2048] = (4096, 16384, 1024),
        [4096] = (8192, 30720, 1024),
        [8192] = (16384, 61440, 4096),
        [16384] = (32768, 122880, 8192),
    };

    public static string? Cpu(string? value) => Convert(value, VirtualCpus(), "cpu", "CPU units or vCPUs, for example '1024' or '1 vCPU'");

    public static string? Memory(string? value) => Convert(value, Gigabytes(), "memory", "MiB or GB, for example '2048' or '2 GB'");

    /// <summary>Whether Fargate offers this cpu and memory pair (256 CPU with 512 MiB, 1 GB or 2 GB, …).</summary>
    public static bool IsFargateSize(string cpu, string memory)
    {
        var units = int.Parse(cpu, CultureInfo.InvariantCulture);
        var mebibytes = int.Parse(memory, CultureInfo.InvariantCulture);
        if (units == 256 && mebibytes == 512)
        {
            return true;
        }

        return FargateMemoryByCpu.TryGetValue(units, out var range)
               && mebibytes >= range.Smallest && mebibytes <= range.Largest && mebibytes % range.Step == 0;
    }

    private static string? Convert(string? value, Regex scaled, string member, string expected)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain) && plain > 0)
        {
            return plain.ToString(CultureInfo.InvariantCulture);
        }

        var match = scaled.Match(text);
        if (match.Success && decimal.TryParse(match.Groups["amount"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount > 0 && amount * 1024 % 1 == 0)
        {
            return ((int)(amount * 1024)).ToString(CultureInfo.InvariantCulture);
        }

        throw EcsException.Client($"Invalid '{member}' setting for task: '{value}'. Give {expected}.");
    }

    [GeneratedRegex("^(?<amount>[0-9]+(\\.[0-9]+)?)\\s*vcpu$", RegexOptions.IgnoreCase)]
    private static partial Regex VirtualCpus();

    [GeneratedRegex("^(?<amount>[0-9]+(\\.[0-9]+)?)\\s*gb$", RegexOptions.IgnoreCase)]
    private static partial Regex Gigabytes();
}
