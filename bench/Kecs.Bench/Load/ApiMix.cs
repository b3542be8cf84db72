namespace Kecs.Bench.Load;

/// <summary>
/// The request mix of the api scenario, the same requests for Kecs and moto: DescribeClusters,
/// ListTasks, DescribeServices, RegisterTaskDefinition, and RunTask followed by StopTask (EC2 launch
/// type; moto gets a container instance to place them on).
/// </summary>
public static class ApiMix
{
    public const string TaskDefinition = """{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 64}]}""";

    public static readonly string[] Operations = ["DescribeClusters", "ListTasks", "DescribeServices", "RegisterTaskDefinition", "RunTask", "StopTask"];

    /// <summary>The cluster, task definition and service the mix reads.</summary>
    public static async Task PrepareAsync(EcsTarget target)
    {
        await target.CallAsync("CreateCluster", """{"clusterName": "bench"}""");
        await target.CallAsync("RegisterTaskDefinition", TaskDefinition);
        await target.CallAsync("CreateService", """{"cluster": "bench", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 0}""");
    }

    /// <summary>One round of the mix: every operation once, each timed.</summary>
    public static async Task RoundAsync(EcsTarget target, Action<string, TimeSpan> record)
    {
        record("DescribeClusters", (await target.CallAsync("DescribeClusters", """{"clusters": ["bench"]}""")).Elapsed);
        record("ListTasks", (await target.CallAsync("ListTasks", """{"cluster": "bench", "maxResults": 10}""")).Elapsed);
        record("DescribeServices", (await target.CallAsync("DescribeServices", """{"cluster": "bench", "services": ["websvc"]}""")).Elapsed);
        record("RegisterTaskDefinition", (await target.CallAsync("RegisterTaskDefinition", TaskDefinition)).Elapsed);
        var (ran, task) = await target.CallAsync("RunTask", """{"cluster": "bench", "taskDefinition": "web"}""", parse: true);
        record("RunTask", ran);
        var taskArn = task!["tasks"]![0]!["taskArn"]!.GetValue<string>();
        record("StopTask", (await target.CallAsync("StopTask", $$"""{"cluster": "bench", "task": "{{taskArn}}"}""")).Elapsed);
    }
}
