using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kecs.Ecs;

/// <summary>
/// Kubernetes names for ECS things. ECS allows names Kubernetes does not (capitals, underscores,
/// 255 characters), so a name that is not already valid is cleaned and given a short hash of the
/// original: stable, valid, and distinct for names that differ only in case. Shared by the Scheduler, which
/// makes the objects, and EcsApi, which reports where a service answers.
/// </summary>
public static partial class KubeNames
{
    private const int MaxLabel = 63;

    /// <summary>The namespace of an ECS cluster: <c>&lt;cluster&gt;-&lt;region&gt;</c> as a DNS-1123 label.</summary>
    public static string Namespace(string clusterName, string region) => Dns1123Label($"{clusterName}-{region}");

    /// <summary>The pod of a task: <c>task-&lt;task id&gt;</c>.</summary>
    public static string Pod(string taskId) => Dns1123Label("task-" + taskId);

    /// <summary>The ClusterIP Service that makes an ECS service reachable by its name in its cluster's namespace.</summary>
    public static string Service(string serviceName) => Dns1123Label(serviceName);

    public static string Container(string ecsName) => Dns1123Label(ecsName);

    public static string Volume(string ecsName) => Dns1123Label(ecsName);

    /// <summary>A label value: up to 63 of [A-Za-z0-9_.-], alphanumeric at both ends.</summary>
    public static string LabelValue(string value)
    {
        if (LabelValuePattern().IsMatch(value))
        {
            return value;
        }

        var cleaned = InvalidLabelCharacters().Replace(value, "-").Trim('-', '_', '.');
        return Shorten(cleaned, value);
    }

    public static string Dns1123Label(string name)
    {
        if (Dns1123Pattern().IsMatch(name))
        {
            return name;
        }

        var cleaned = InvalidDnsCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return Shorten(cleaned, name);
    }

    private static string Shorten(string cleaned, string original)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..8];
        var room = MaxLabel - hash.Length - 1;
        var head = cleaned.Length > room ? cleaned[..room].TrimEnd('-', '_', '.') : cleaned;
        return head.Length == 0 ? "x-" + hash : $"{head}-{hash}";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex Dns1123Pattern();

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex InvalidDnsCharacters();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex("[^-A-Za-z0-9_.]")]
    private static partial Regex InvalidLabelCharacters();
}
