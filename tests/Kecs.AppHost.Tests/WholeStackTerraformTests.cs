using System.Text.Json.Nodes;

namespace Kecs.AppHost.Tests;

/// <summary>
/// A typical ECS application's Terraform stack (Terraform/ecs-stack.tf: network, IAM role, log group, SSM parameter,
/// Secrets Manager secret, load balancer, Cloud Map, cluster, task definition and service) applied with one
/// AWS_ENDPOINT_URL at Kecs, planned clean and destroyed, leaving nothing behind.
/// </summary>
[Collection(nameof(KecsCollection))]
[Trait("Category", "terraform")]
public sealed class WholeStackTerraformTests(RunningKecs kecs)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stack_applies_plans_clean_ships_its_logs_and_destroys_to_nothing()
    {
        RunningKecs.SkipWithoutMotoServer();
        using var terraform = TerraformWorkspace.CreateOrSkip(new Uri(kecs.EndpointUrl));
        terraform.ConfigureForEveryService(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Terraform", "ecs-stack.tf"), Cancellation));

        await terraform.ExpectAsync(0, "init", "-input=false");
        await terraform.ExpectAsync(0, "apply", "-auto-approve", "-input=false");

        var service = (await AwsAsync("ecs", "describe-services", "--cluster", "stack", "--services", "app"))["services"]![0]!;
        Assert.Equal(2, service["runningCount"]!.GetValue<int>());
        var taskArns = (await AwsAsync("ecs", "list-tasks", "--cluster", "stack", "--service-name", "app"))["taskArns"]!.AsArray()
            .Select(arn => arn!.GetValue<string>()).ToList();
        Assert.Equal(2, taskArns.Count);
        foreach (var taskArn in taskArns)
        {
            var stream = $"app/app/{taskArn[(taskArn.LastIndexOf('/') + 1)..]}";
            await Eventually.TrueAsync(async () => (await MessagesAsync("/ecs/stack", stream)).SequenceEqual(["app started"]),
                $"'app started' in /ecs/stack {stream}");
        }

        await terraform.ExpectAsync(0, "plan", "-detailed-exitcode", "-input=false");
        await terraform.ExpectAsync(0, "destroy", "-auto-approve", "-input=false");

        var cluster = (await AwsAsync("ecs", "describe-clusters", "--clusters", "stack"))["clusters"]!.AsArray();
        Assert.True(cluster.Count == 0 || cluster[0]!["status"]!.GetValue<string>() == "INACTIVE", cluster.ToJsonString());
        Assert.Empty((await AwsAsync("ecs", "list-task-definitions", "--family-prefix", "stack-app"))["taskDefinitionArns"]!.AsArray());
        Assert.Empty((await AwsAsync("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/stack"))["logGroups"]!.AsArray());
        Assert.DoesNotContain((await AwsAsync("ssm", "describe-parameters"))["Parameters"]!.AsArray(),
            parameter => parameter!["Name"]!.GetValue<string>().StartsWith("/stack/", StringComparison.Ordinal));
        Assert.DoesNotContain((await AwsAsync("elbv2", "describe-load-balancers"))["LoadBalancers"]!.AsArray(),
            balancer => balancer!["LoadBalancerName"]!.GetValue<string>() == "stack");
        Assert.DoesNotContain((await AwsAsync("iam", "list-roles"))["Roles"]!.AsArray(),
            role => role!["RoleName"]!.GetValue<string>() == "stack-execution");
        Assert.DoesNotContain((await AwsAsync("servicediscovery", "list-namespaces"))["Namespaces"]!.AsArray(),
            ns => ns!["Name"]!.GetValue<string>() == "stack.local");
    }

    private Task<JsonNode> AwsAsync(params string[] args) => AwsCli.RunAsync(kecs.EndpointUrl, Cancellation, args);

    private async Task<string[]> MessagesAsync(string group, string stream)
    {
        var (exitCode, stdout, _) = await AwsCli.RunRawAsync(kecs.EndpointUrl, Cancellation,
            "logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head");
        return exitCode == 0 ? JsonNode.Parse(stdout)!["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToArray() : [];
    }
}
