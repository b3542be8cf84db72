using System.Diagnostics;
using System.Net;

namespace Kecs.AppHost.Tests;

/// <summary>Real clients through the gateway: the AWS CLI flow of the seed report, and the strict JS SDK.</summary>
[Collection(nameof(KecsCollection))]
public sealed class RealClientTests(RunningKecs kecs)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string Endpoint => kecs.EndpointUrl;

    [Fact]
    public async Task TheSeedReportsCliFlow_WorksEndToEnd()
    {
        var directory = Directory.CreateTempSubdirectory("kecs-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "task_def.json"), """
            {"family": "single-task-nginx", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
             "containerDefinitions": [{"name": "nginx", "image": "nginx:latest", "essential": true,
               "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}
            """, Cancellation);
        await File.WriteAllTextAsync(Path.Combine(directory, "service_def.json"), """
            {"cluster": "seed", "serviceName": "single-task-nginx", "taskDefinition": "single-task-nginx", "desiredCount": 1,
             "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-12345"], "assignPublicIp": "ENABLED"}}}
            """, Cancellation);

        await Cli("create-cluster", "--cluster-name", "seed");
        var registered = await Cli("register-task-definition", "--cli-input-json", $"file://{directory}/task_def.json");
        var created = await Cli("create-service", "--cli-input-json", $"file://{directory}/service_def.json");
        var described = await Cli("describe-services", "--cluster", "seed", "--services", "single-task-nginx");
        var run = await Cli("run-task", "--cluster", "seed", "--task-definition", "single-task-nginx", "--launch-type", "FARGATE",
            "--network-configuration", "awsvpcConfiguration={subnets=[subnet-12345]}");
        var stable = await AwsCli.RunRawAsync(Endpoint, Cancellation, "ecs", "wait", "services-stable", "--cluster", "seed", "--services", "single-task-nginx");
        var listed = await Cli("list-tasks", "--cluster", "seed");
        var listedForService = await Cli("list-tasks", "--cluster", "seed", "--service-name", "single-task-nginx");
        var missing = await Cli("describe-tasks", "--cluster", "seed", "--tasks", "arn:aws:ecs:us-east-1:000000000000:task/seed/0123456789abcdef0123456789abcdef");
        var again = await AwsCli.RunRawAsync(Endpoint, Cancellation, "ecs", "create-service", "--cli-input-json", $"file://{directory}/service_def.json");

        Assert.Equal("256", registered["taskDefinition"]!["cpu"]!.GetValue<string>());
        Assert.Equal("ACTIVE", created["service"]!["status"]!.GetValue<string>());
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:task-definition/single-task-nginx:1", described["services"]![0]!["taskDefinition"]!.GetValue<string>());
        Assert.True(stable.ExitCode == 0, $"aws ecs wait services-stable failed: {stable.Stderr}");
        var runTaskArn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var serviceTaskArn = Assert.Single(listedForService["taskArns"]!.AsArray())!.GetValue<string>();
        Assert.NotEqual(runTaskArn, serviceTaskArn);
        Assert.Equal(new[] { runTaskArn, serviceTaskArn }.Order(), listed["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Equal("MISSING", missing["failures"]![0]!["reason"]!.GetValue<string>());
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("(InvalidParameterException) when calling the CreateService operation: Creation of service was not idempotent.", again.Stderr);
    }

    [Fact]
    public async Task TheStrictJavaScriptSdk_RunsAFullFlowWithoutDeserialisationErrors()
    {
        var clients = Path.Combine(Repository.Root, "tests", "clients");
        if (!Directory.Exists(Path.Combine(clients, "node_modules", "@aws-sdk", "client-ecs")))
        {
            const string reason = "tests/clients has no node_modules: run `npm ci --prefix tests/clients` (.ci/run does).";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", reason);
            Assert.Skip(reason);
        }

        var start = new ProcessStartInfo("node", ["ecs-strict-flow.mjs", Endpoint])
        {
            WorkingDirectory = clients,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync(Cancellation);
        var stderr = node.StandardError.ReadToEndAsync(Cancellation);
        await node.WaitForExitAsync(Cancellation);

        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("strict flow passed", await stdout);
    }

    [Fact]
    public async Task TheInternalApi_IsNotReachableThroughTheGateway()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{Endpoint}/internal/v1/changes", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task<System.Text.Json.Nodes.JsonNode> Cli(params string[] args) => AwsCli.RunAsync(Endpoint, Cancellation, ["ecs", .. args]);
}
