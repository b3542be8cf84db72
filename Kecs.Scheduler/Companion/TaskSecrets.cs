using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Kecs.Scheduler.Companion;

/// <summary>
/// What a task read from the companion when it started: the values (by key), which environment variable of which
/// container reads which key, and the registry credentials of its images as a Docker config. On Kubernetes the values are
/// a Secret of the task's pod, the credentials an image pull secret; the values never leave the Scheduler otherwise.
/// </summary>
public sealed partial class TaskSecrets
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Name, string Key)>> _environment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Username, string Password)> _registries = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The Docker config (<c>.dockerconfigjson</c>) with the credentials of every registry, or null when there are none.</summary>
    public string? DockerConfigJson => _registries.Count == 0
        ? null
        : System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, Dictionary<string, string>>>
        {
            ["auths"] = _registries.ToDictionary(r => r.Key, r => new Dictionary<string, string>
            {
                ["username"] = r.Value.Username,
                ["password"] = r.Value.Password,
                ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{r.Value.Username}:{r.Value.Password}")),
            }),
        });

    /// <summary>The environment variables of a container that read a value, in the order they were added.</summary>
    public IReadOnlyList<(string Name, string Key)> EnvironmentOf(string container) =>
        _environment.TryGetValue(container, out var variables) ? variables : [];

    public void AddVariable(string container, string name, string value)
    {
        var key = KeyPattern().IsMatch($"{container}.{name}") ? $"{container}.{name}" : $"{container}.{Hash(name)}";
        _values[key] = value;
        if (!_environment.TryGetValue(container, out var variables))
        {
            _environment[container] = variables = [];
        }

        variables.RemoveAll(variable => variable.Name == name);
        variables.Add((name, key));
    }

    /// <summary>The credentials for the registry of <paramref name="image"/> (Docker Hub's address for an image without one).</summary>
    public void AddRegistryCredentials(string image, string username, string password) =>
        _registries[RegistryOf(image)] = (username, password);

    public static string RegistryOf(string image)
    {
        var slash = image.IndexOf('/');
        var first = slash > 0 ? image[..slash] : "";
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : "https://index.docker.io/v1/";
    }

    private static string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16];

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();
}
