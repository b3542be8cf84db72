using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kecs.Ecs.Model;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Companion;

/// <summary>
/// Reads what a task's containers take from AWS when it starts, as ECS's agent does with the task execution role:
/// <c>secrets</c> (an SSM parameter by name or ARN, decrypted; a Secrets Manager secret by ARN with the optional
/// <c>:json-key:version-stage:version-id</c>), <c>environmentFiles</c> (S3 objects of <c>VARIABLE=VALUE</c> lines) and
/// <c>repositoryCredentials</c> (a Secrets Manager secret with <c>username</c> and <c>password</c>). A value that is not
/// there fails the task's start; a companion that does not answer throws, and the start is tried again.
/// </summary>
public sealed class TaskSecretsReader(AwsCompanion companion)
{
    private const string Prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";

    public static bool NeedsCompanion(TaskDefinition definition) => definition.ContainerDefinitions!.Any(c =>
        c.Secrets is { Count: > 0 } || c.EnvironmentFiles is { Count: > 0 } || c.RepositoryCredentials?.CredentialsParameter is { Length: > 0 });

    /// <summary>The task's values, or null when it asks for none (or Kecs runs without a companion).</summary>
    public async Task<TaskSecrets?> ReadAsync(DesiredTask desired, CancellationToken cancellation)
    {
        if (!companion.Configured || !NeedsCompanion(desired.Definition))
        {
            return null;
        }

        var secrets = new TaskSecrets();
        foreach (var container in desired.Definition.ContainerDefinitions!)
        {
            foreach (var file in container.EnvironmentFiles ?? [])
            {
                foreach (var (name, value) in await ReadEnvironmentFileAsync(file.Value!, desired.Region, cancellation))
                {
                    secrets.AddVariable(container.Name!, name, value);
                }
            }

            foreach (var secret in container.Secrets ?? [])
            {
                secrets.AddVariable(container.Name!, secret.Name!, await ReadSecretAsync(secret.ValueFrom!, desired.Region, cancellation));
            }

            if (container.RepositoryCredentials?.CredentialsParameter is { Length: > 0 } credentials)
            {
                var (username, password) = await ReadRegistryCredentialsAsync(credentials, desired.Region, cancellation);
                secrets.AddRegistryCredentials(container.Image!, username, password);
            }
        }

        return secrets;
    }

    private Task<string> ReadSecretAsync(string valueFrom, string region, CancellationToken cancellation) =>
        SecretsManagerReference.TryParse(valueFrom) is { } secret
            ? ReadSecretsManagerAsync(secret, cancellation)
            : ReadParameterAsync(valueFrom, region, cancellation);

    private async Task<string> ReadParameterAsync(string valueFrom, string region, CancellationToken cancellation)
    {
        var (name, parameterRegion) = ParameterName(valueFrom, region);
        try
        {
            var answer = await companion.CallAsync("ssm", "AmazonSSM.GetParameter", parameterRegion,
                new JsonObject { ["Name"] = name, ["WithDecryption"] = true }, cancellation);
            return answer["Parameter"]?["Value"]?.GetValue<string>() ?? "";
        }
        catch (AwsServiceException error) when (error.IsClientError)
        {
            throw new TaskStartFailure($"{Prefix}unable to retrieve secrets from ssm: invalid parameters: {name} ({error.Code}: {error.ServiceMessage})");
        }
    }

    private async Task<string> ReadSecretsManagerAsync(SecretsManagerReference secret, CancellationToken cancellation)
    {
        var text = await SecretStringAsync(secret, cancellation);
        if (secret.JsonKey is null)
        {
            return text;
        }

        var value = ParseObject(text)?[secret.JsonKey]
            ?? throw new TaskStartFailure($"{Prefix}unable to retrieve secret from asm: retrieved secret from Secrets Manager did not contain json key {secret.JsonKey}: {secret.SecretId}");
        return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
    }

    private async Task<(string Username, string Password)> ReadRegistryCredentialsAsync(string arn, string region, CancellationToken cancellation)
    {
        var secret = SecretsManagerReference.TryParse(arn) ?? new SecretsManagerReference(arn, region, null, null, null);
        var credentials = ParseObject(await SecretStringAsync(secret, cancellation));
        return credentials?["username"]?.GetValue<string>() is { } username && credentials["password"]?.GetValue<string>() is { } password
            ? (username, password)
            : throw new TaskStartFailure(
                $"{Prefix}unable to retrieve secret from asm: the registry credentials {arn} are not a JSON object with username and password");
    }

    private async Task<string> SecretStringAsync(SecretsManagerReference secret, CancellationToken cancellation)
    {
        var request = new JsonObject { ["SecretId"] = secret.SecretId };
        if (secret.VersionStage is { } stage)
        {
            request["VersionStage"] = stage;
        }

        if (secret.VersionId is { } version)
        {
            request["VersionId"] = version;
        }

        try
        {
            var answer = await companion.CallAsync("secretsmanager", "secretsmanager.GetSecretValue", secret.Region, request, cancellation);
            return answer["SecretString"]?.GetValue<string>()
                ?? (answer["SecretBinary"]?.GetValue<string>() is { } binary ? Encoding.UTF8.GetString(Convert.FromBase64String(binary)) : "");
        }
        catch (AwsServiceException error) when (error.IsClientError)
        {
            throw new TaskStartFailure(
                $"{Prefix}unable to retrieve secret from asm: failed to fetch secret {secret.SecretId} from secrets manager: {error.Code}: {error.ServiceMessage}");
        }
    }

    private async Task<List<(string Name, string Value)>> ReadEnvironmentFileAsync(string arn, string region, CancellationToken cancellation)
    {
        // arn:aws:s3:::BUCKET/KEY
        var path = arn.Split(':', 6) is [_, _, "s3", _, _, var resource] && resource.IndexOf('/') > 0 ? resource : null;
        if (path is null)
        {
            throw new TaskStartFailure($"ResourceInitializationError: failed to download env files: {arn} is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY)");
        }

        byte[] content;
        try
        {
            content = await companion.GetObjectAsync(region, path[..path.IndexOf('/')], path[(path.IndexOf('/') + 1)..], cancellation);
        }
        catch (AwsServiceException error) when (error.IsClientError)
        {
            throw new TaskStartFailure($"ResourceInitializationError: failed to download env files: {arn}: {error.Code}: {error.ServiceMessage}");
        }

        return EnvironmentFile.Parse(Encoding.UTF8.GetString(content));
    }

    /// <summary>An SSM parameter's name and region: a bare name is in the task's region; an ARN's path is its name.</summary>
    private static (string Name, string Region) ParameterName(string valueFrom, string region)
    {
        if (valueFrom.Split(':', 6) is [_, _, "ssm", var arnRegion, _, var resource] && resource.StartsWith("parameter/", StringComparison.Ordinal))
        {
            var path = resource["parameter/".Length..];
            // arn:...:parameter/app/db names /app/db; arn:...:parameter/db names db.
            return (path.Contains('/') ? "/" + path : path, arnRegion.Length > 0 ? arnRegion : region);
        }

        return (valueFrom, region);
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
