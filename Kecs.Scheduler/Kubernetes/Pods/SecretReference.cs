using Kecs.Ecs;
using Kecs.Scheduler.Companion;

namespace Kecs.Scheduler.Kubernetes.Pods;

/// <summary>
/// Where a container secret's value lives in Kubernetes. A Secrets Manager secret
/// (<c>arn:aws:secretsmanager:…:secret:NAME[:JSON-KEY:…]</c>) is the Secret <c>sm-NAME</c> with key
/// JSON-KEY or <c>value</c>; an SSM parameter (<c>arn:aws:ssm:…:parameter/PATH</c> or a bare name) is the
/// Secret <c>ssm-PATH</c> (slashes as dashes) with key <c>value</c>. Names are cleaned by <see cref="KubeNames"/>.
/// </summary>
public sealed record SecretReference(string ValueFrom, string SecretName, string Key)
{
    public const string DefaultKey = "value";

    public static SecretReference For(string valueFrom)
    {
        if (SecretsManagerReference.TryParse(valueFrom) is { } secret)
        {
            var name = secret.SecretId[(secret.SecretId.LastIndexOf(':') + 1)..];
            return new SecretReference(valueFrom, KubeNames.Dns1123Label("sm-" + name), secret.JsonKey ?? DefaultKey);
        }

        var parts = valueFrom.Split(':');
        var parameter = parts is [_, _, "ssm", _, _, var resource, ..] && resource.StartsWith("parameter", StringComparison.Ordinal)
            ? resource["parameter".Length..]
            : valueFrom;
        return new SecretReference(valueFrom, KubeNames.Dns1123Label("ssm-" + parameter.Trim('/').Replace('/', '-')), DefaultKey);
    }
}
