using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Kecs.EcsApi.Tests;

/// <summary>
/// The ECS service model that ships with python3's botocore, read at test time, and a check of a
/// response body against an operation's output shape: member names, JSON types, epoch-number
/// timestamps and enum values, as strict SDKs expect them.
/// </summary>
public sealed class BotocoreEcsModel
{
    private readonly JsonObject _shapes;
    private readonly JsonObject _operations;

    private BotocoreEcsModel(JsonNode model)
    {
        _shapes = model["shapes"]!.AsObject();
        _operations = model["operations"]!.AsObject();
    }

    /// <summary>The model, or null when python3 has no botocore (then the caller skips, or fails in CI).</summary>
    public static BotocoreEcsModel? Load()
    {
        var path = ModelPath();
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        return new BotocoreEcsModel(JsonNode.Parse(gzip)!);
    }

    /// <summary>The model; without it the test skips, except in CI, where it fails.</summary>
    public static BotocoreEcsModel LoadOrSkip()
    {
        const string reason = "botocore's ECS model was not found (python3 -c 'import botocore').";
        if (Load() is { } model)
        {
            return model;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", reason);
        Assert.Skip(reason);
        return null!;
    }

    public IEnumerable<string> Operations => _operations.Select(operation => operation.Key);

    /// <summary>The operation's input shape name, or null when it takes none.</summary>
    public string? InputOf(string operation) => _operations[operation]!["input"]?["shape"]?.GetValue<string>();

    public JsonNode Shape(string name) => _shapes[name]!;

    public List<string> Violations(string operation, JsonNode response)
    {
        var violations = new List<string>();
        var output = _operations[operation]!["output"]?["shape"]?.GetValue<string>();
        if (output is not null)
        {
            Check(output, response, operation, violations);
        }

        return violations;
    }

    private void Check(string shapeName, JsonNode? value, string path, List<string> violations)
    {
        var shape = _shapes[shapeName]!;
        var type = shape["type"]!.GetValue<string>();
        var kind = value?.GetValueKind();
        switch (type)
        {
            case "structure":
                if (kind != System.Text.Json.JsonValueKind.Object)
                {
                    violations.Add($"{path}: expected an object for {shapeName}, got {kind}");
                    return;
                }

                var members = shape["members"]!.AsObject();
                foreach (var (name, member) in value!.AsObject())
                {
                    if (!members.ContainsKey(name))
                    {
                        violations.Add($"{path}.{name}: not a member of {shapeName}");
                    }
                    else if (member is null)
                    {
                        violations.Add($"{path}.{name}: null (members without a value must be absent)");
                    }
                    else
                    {
                        Check(members[name]!["shape"]!.GetValue<string>(), member, $"{path}.{name}", violations);
                    }
                }

                break;
            case "list":
                if (kind != System.Text.Json.JsonValueKind.Array)
                {
                    violations.Add($"{path}: expected an array, got {kind}");
                    return;
                }

                var item = shape["member"]!["shape"]!.GetValue<string>();
                var index = 0;
                foreach (var element in value!.AsArray())
                {
                    Check(item, element, $"{path}[{index++}]", violations);
                }

                break;
            case "map":
                if (kind != System.Text.Json.JsonValueKind.Object)
                {
                    violations.Add($"{path}: expected an object (map), got {kind}");
                    return;
                }

                foreach (var (key, entry) in value!.AsObject())
                {
                    Check(shape["value"]!["shape"]!.GetValue<string>(), entry, $"{path}.{key}", violations);
                }

                break;
            case "string":
                if (kind != System.Text.Json.JsonValueKind.String)
                {
                    violations.Add($"{path}: expected a string, got {kind}");
                }
                else if (shape["enum"] is JsonArray allowed && !allowed.Any(a => a!.GetValue<string>() == value!.GetValue<string>()))
                {
                    violations.Add($"{path}: '{value}' is not a value of {shapeName}");
                }

                break;
            case "integer" or "long":
                if (kind != System.Text.Json.JsonValueKind.Number || !long.TryParse(value!.ToJsonString(), out _))
                {
                    violations.Add($"{path}: expected an integer, got {value?.ToJsonString()}");
                }

                break;
            case "double" or "float" or "timestamp":
                if (kind != System.Text.Json.JsonValueKind.Number)
                {
                    violations.Add($"{path}: expected a number ({type}), got {kind}");
                }

                break;
            case "boolean":
                if (kind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
                {
                    violations.Add($"{path}: expected a boolean, got {kind}");
                }

                break;
        }
    }

    private static string? ModelPath()
    {
        try
        {
            using var python = Process.Start(new ProcessStartInfo("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var directory = python.StandardOutput.ReadToEnd().Trim();
            python.WaitForExit();
            return python.ExitCode == 0 ? Path.Combine(directory, "data", "ecs", "2014-11-13", "service-2.json.gz") : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
