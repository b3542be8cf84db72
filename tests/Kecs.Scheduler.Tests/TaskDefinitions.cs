namespace Kecs.Scheduler.Tests;

/// <summary>Task definitions the scenarios run.</summary>
public static class TaskDefinitions
{
    public const string Web = """
        {"family": "web", "containerDefinitions": [{"name": "nginx", "image": "nginx:1.25", "memory": 128,
          "portMappings": [{"containerPort": 80}]}]}
        """;

    public const string WebWithSidecar = """
        {"family": "web2", "containerDefinitions": [
          {"name": "app", "image": "nginx:1.25", "memory": 128, "essential": true},
          {"name": "logger", "image": "busybox:1.36", "memory": 32, "essential": false}]}
        """;

    public const string Fargate = """
        {"family": "api", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
         "containerDefinitions": [{"name": "app", "image": "public.ecr.aws/app:1", "portMappings": [{"containerPort": 8080}]}]}
        """;

    public const string FargateNetwork =
        """, "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-12345"]}}""";
}
