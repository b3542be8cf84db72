using Kecs.Ecs.Model;

namespace Kecs.Scheduler.Runtime;

/// <summary>An awsvpc task's elastic network interface once its address is known, as ECS reports it.</summary>
public static class NetworkAttachments
{
    public static List<Attachment>? Attached(IEnumerable<Attachment>? precreated, string privateIp)
    {
        if (precreated?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface") is not { } eni)
        {
            return null;
        }

        var subnet = eni.Details?.FirstOrDefault(d => d.Name == "subnetId")?.Value;
        var eniId = "eni-" + eni.Id!.Replace("-", "", StringComparison.Ordinal)[..17];
        return
        [
            new Attachment
            {
                Id = eni.Id,
                Type = eni.Type,
                Status = "ATTACHED",
                Details =
                [
                    new EcsKeyValuePair { Name = "subnetId", Value = subnet },
                    new EcsKeyValuePair { Name = "networkInterfaceId", Value = eniId },
                    new EcsKeyValuePair { Name = "privateIPv4Address", Value = privateIp },
                ],
            },
        ];
    }

    public static List<NetworkInterface>? Interfaces(IEnumerable<Attachment>? precreated, string privateIp) =>
        precreated?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface") is { } eni
            ? [new NetworkInterface { AttachmentId = eni.Id, PrivateIpv4Address = privateIp }]
            : null;
}
