using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Express;

/// <summary>
/// An Express service is an ECS service ECS builds from one primary container: a Fargate task definition of that
/// container (cpu 256 and memory 512 unless given, container port 80), a service of <c>minTaskCount</c> tasks, and
/// a health check path (<c>/ping</c>) and scaling target (AVERAGE_CPU at 60) it keeps. Kecs has no load balancer or
/// auto scaling: the service runs <c>minTaskCount</c> tasks, and its endpoint is the Kubernetes Service that selects
/// its pods in the cluster's namespace.
/// </summary>
public static class ExpressServices
{
    public const string ContainerName = "main";
    private const int DefaultPort = 80;

    /// <summary>The configuration a create asks for, with ECS's defaults filled in.</summary>
    public static ExpressGatewayServiceConfiguration Configuration(CreateExpressGatewayServiceRequest request) => WithDefaults(new()
    {
        ExecutionRoleArn = Required.Value(request.ExecutionRoleArn, "executionRoleArn"),
        TaskRoleArn = request.TaskRoleArn,
        Cpu = request.Cpu,
        Memory = request.Memory,
        NetworkConfiguration = request.NetworkConfiguration,
        HealthCheckPath = request.HealthCheckPath,
        PrimaryContainer = Required.Value(request.PrimaryContainer, "primaryContainer"),
        ScalingTarget = request.ScalingTarget,
    });

    /// <summary>The current configuration with what an update gives replacing it.</summary>
    public static ExpressGatewayServiceConfiguration Updated(ExpressGatewayServiceConfiguration current, UpdateExpressGatewayServiceRequest request) =>
        WithDefaults(new()
        {
            ExecutionRoleArn = request.ExecutionRoleArn ?? current.ExecutionRoleArn,
            TaskRoleArn = request.TaskRoleArn ?? current.TaskRoleArn,
            Cpu = request.Cpu ?? current.Cpu,
            Memory = request.Memory ?? current.Memory,
            NetworkConfiguration = request.NetworkConfiguration ?? current.NetworkConfiguration,
            HealthCheckPath = request.HealthCheckPath ?? current.HealthCheckPath,
            PrimaryContainer = request.PrimaryContainer ?? current.PrimaryContainer,
            ScalingTarget = request.ScalingTarget ?? current.ScalingTarget,
        });

    /// <summary>The Fargate task definition that runs the configuration's primary container.</summary>
    public static RegisterTaskDefinitionRequest TaskDefinition(string family, ExpressGatewayServiceConfiguration configuration)
    {
        var container = configuration.PrimaryContainer!;
        return new RegisterTaskDefinitionRequest
        {
            Family = family,
            NetworkMode = "awsvpc",
            RequiresCompatibilities = ["FARGATE"],
            Cpu = configuration.Cpu,
            Memory = configuration.Memory,
            ExecutionRoleArn = configuration.ExecutionRoleArn,
            TaskRoleArn = configuration.TaskRoleArn,
            ContainerDefinitions =
            [
                new ContainerDefinition
                {
                    Name = ContainerName,
                    Image = container.Image,
                    Essential = true,
                    Command = container.Command,
                    Environment = container.Environment,
                    Secrets = container.Secrets,
                    RepositoryCredentials = container.RepositoryCredentials is { } credentials
                        ? new RepositoryCredentials { CredentialsParameter = credentials.CredentialsParameter }
                        : null,
                    PortMappings = [new PortMapping { ContainerPort = container.ContainerPort, Protocol = "tcp" }],
                    LogConfiguration = container.AwsLogsConfiguration is { } logs
                        ? new LogConfiguration
                        {
                            LogDriver = "awslogs",
                            Options = new Dictionary<string, string> { ["awslogs-group"] = logs.LogGroup!, ["awslogs-stream-prefix"] = logs.LogStreamPrefix! },
                        }
                        : null,
                },
            ],
        };
    }

    /// <summary>
    /// Where the service answers: its Kubernetes Service, by the name cluster DNS gives it in the ECS cluster's namespace.
    /// </summary>
    public static List<IngressPathSummary> IngressPaths(string serviceArn, ExpressGatewayServiceConfiguration configuration)
    {
        var arn = EcsArn.Parse(serviceArn)!;
        var host = $"{KubeNames.Service(arn.Segments[^1])}.{KubeNames.Namespace(arn.Segments[0], arn.Region)}.svc.cluster.local";
        var port = configuration.PrimaryContainer!.ContainerPort;
        return [new IngressPathSummary { AccessType = "PRIVATE", Endpoint = port == DefaultPort ? $"http://{host}" : $"http://{host}:{port}" }];
    }

    /// <summary>Subnets for tasks when the caller names none: ECS uses the default VPC's, Kecs a stand-in name for them.</summary>
    public static NetworkConfiguration TaskNetwork(ExpressGatewayServiceConfiguration configuration) => new()
    {
        AwsvpcConfiguration = new AwsVpcConfiguration
        {
            Subnets = configuration.NetworkConfiguration?.Subnets is { Count: > 0 } subnets ? subnets : ["default-vpc-subnet"],
            SecurityGroups = configuration.NetworkConfiguration?.SecurityGroups ?? [],
            AssignPublicIp = "DISABLED",
        },
    };

    private static ExpressGatewayServiceConfiguration WithDefaults(ExpressGatewayServiceConfiguration configuration)
    {
        var container = configuration.PrimaryContainer!;
        Required.Value(container.Image, "primaryContainer.image");
        container.ContainerPort ??= DefaultPort;
        if (container.ContainerPort is < 1 or > 65535)
        {
            throw EcsException.InvalidParameter($"containerPort must be between 1 and 65535; it was {container.ContainerPort}.");
        }

        configuration.Cpu ??= "256";
        configuration.Memory ??= "512";
        configuration.HealthCheckPath ??= "/ping";
        if (!configuration.HealthCheckPath.StartsWith('/'))
        {
            throw EcsException.InvalidParameter($"healthCheckPath must start with '/'; it was '{configuration.HealthCheckPath}'.");
        }

        var scaling = configuration.ScalingTarget ?? new ExpressGatewayScalingTarget();
        scaling.MinTaskCount ??= 1;
        scaling.MaxTaskCount ??= Math.Max(scaling.MinTaskCount.Value, 1);
        scaling.AutoScalingMetric ??= "AVERAGE_CPU";
        scaling.AutoScalingTargetValue ??= 60;
        if (scaling.MinTaskCount < 0 || scaling.MaxTaskCount < scaling.MinTaskCount)
        {
            throw EcsException.InvalidParameter(
                $"scalingTarget needs 0 <= minTaskCount <= maxTaskCount; it was {scaling.MinTaskCount} and {scaling.MaxTaskCount}.");
        }

        EnumValue.Require(scaling.AutoScalingMetric, ["AVERAGE_CPU", "AVERAGE_MEMORY", "REQUEST_COUNT_PER_TARGET"], "autoScalingMetric");
        configuration.ScalingTarget = scaling;
        return configuration;
    }
}
