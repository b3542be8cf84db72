using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kecs.Ecs.Model;
using Kecs.Scheduler.Kubernetes.Pods;
using Kecs.Scheduler.State;

namespace Kecs.Scheduler.Tests;

/// <summary>Each ECS to Kubernetes mapping rule: a container definition in, the pod field that must come out.</summary>
public sealed class TaskPodBuilderTests
{
    public static TheoryData<string, string, string> ContainerRules => new()
    {
        // rule, container definition members, expected JSON of the pod (compared member by member)
        { "entryPoint is command, command is args", """ "entryPoint": ["/bin/app"], "command": ["serve", "--port=80"] """,
          """{"spec": {"containers": [{"command": ["/bin/app"], "args": ["serve", "--port=80"]}]}}""" },
        { "command alone is args, keeping the image ENTRYPOINT", """ "command": ["serve"] """,
          """{"spec": {"containers": [{"args": ["serve"]}]}}""" },
        { "environment", """ "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}] """,
          """{"spec": {"containers": [{"env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}]}}""" },
        { "Secrets Manager secret with a JSON key", """ "secrets": [{"name": "PW", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:db-AbC:password::"}] """,
          """{"spec": {"containers": [{"env": [{"name": "PW", "valueFrom": {"secretKeyRef": {"name": "sm-db-abc-c5f850a9", "key": "password"}}}]}]}}""" },
        { "SSM parameter by name", """ "secrets": [{"name": "K", "valueFrom": "/prod/key"}] """,
          """{"spec": {"containers": [{"env": [{"name": "K", "valueFrom": {"secretKeyRef": {"name": "ssm-prod-key", "key": "value"}}}]}]}}""" },
        { "portMappings without hostPort in bridge mode", """ "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "udp"}] """,
          """{"spec": {"containers": [{"ports": [{"containerPort": 80, "protocol": "UDP"}]}]}}""" },
        { "cpu request, memory limit, reservation request", """ "cpu": 512, "memory": 256, "memoryReservation": 128 """,
          """{"spec": {"containers": [{"resources": {"requests": {"cpu": "500m", "memory": "128Mi"}, "limits": {"memory": "256Mi"}}}]}}""" },
        { "health check as a readiness probe with ECS defaults", """ "healthCheck": {"command": ["CMD", "/bin/check"]} """,
          """{"spec": {"containers": [{"readinessProbe": {"exec": {"command": ["/bin/check"]}, "periodSeconds": 30, "timeoutSeconds": 5, "failureThreshold": 3, "initialDelaySeconds": 0}}]}}""" },
        { "CMD-SHELL runs through sh", """ "healthCheck": {"command": ["CMD-SHELL", "curl -f localhost"], "interval": 10, "retries": 5, "startPeriod": 20} """,
          """{"spec": {"containers": [{"readinessProbe": {"exec": {"command": ["/bin/sh", "-c", "curl -f localhost"]}, "periodSeconds": 10, "failureThreshold": 5, "initialDelaySeconds": 20}}]}}""" },
        { "workingDirectory, user, privileged, read-only root", """ "workingDirectory": "/srv", "user": "1000:2000", "privileged": true, "readonlyRootFilesystem": true """,
          """{"spec": {"containers": [{"workingDir": "/srv", "securityContext": {"runAsUser": 1000, "runAsGroup": 2000, "privileged": true, "readOnlyRootFilesystem": true}}]}}""" },
        { "capabilities and init process", """ "linuxParameters": {"capabilities": {"add": ["NET_ADMIN"], "drop": ["ALL"]}, "initProcessEnabled": true} """,
          """{"spec": {"shareProcessNamespace": true, "containers": [{"securityContext": {"capabilities": {"add": ["NET_ADMIN"], "drop": ["ALL"]}}}]}}""" },
        { "dockerLabels as annotations", """ "dockerLabels": {"com.example.team": "core"} """,
          """{"metadata": {"annotations": {"com.example.team": "core"}}}""" },
        { "hostname and extraHosts", """ "hostname": "web", "extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}] """,
          """{"spec": {"hostname": "web", "hostAliases": [{"ip": "10.0.0.5", "hostnames": ["db"]}]}}""" },
        { "stopTimeout as the grace period", """ "stopTimeout": 90 """,
          """{"spec": {"terminationGracePeriodSeconds": 90}}""" },
        { "shared memory as a memory-backed emptyDir", """ "linuxParameters": {"sharedMemorySize": 64} """,
          """{"spec": {"containers": [{"volumeMounts": [{"name": "kecs-shm-app", "mountPath": "/dev/shm"}]}], "volumes": [{"name": "kecs-shm-app", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}}]}}""" },
        { "dnsServers", """ "dnsServers": ["1.1.1.1"], "dnsSearchDomains": ["corp"] """,
          """{"spec": {"dnsPolicy": "None", "dnsConfig": {"nameservers": ["1.1.1.1"], "searches": ["corp"]}}}""" },
    };

    [Theory]
    [MemberData(nameof(ContainerRules))]
    public void Container_definition_maps_to_pod(string rule, string members, string expected)
    {
        var pod = Build($$"""{"family": "f", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", {{members}}}]}""");

        AssertContains(JsonNode.Parse(expected)!, JsonNode.Parse(KubernetesJson.Serialize(pod))!, rule);
    }

    [Fact]
    public void Task_overrides_replace_command_merge_environment_and_resize()
    {
        var pod = Build(
            """{"family": "f", "cpu": "1024", "memory": "2048", "containerDefinitions": [{"name": "app", "image": "i", "command": ["a"], "environment": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}]}]}""",
            """{"containerOverrides": [{"name": "app", "command": ["b"], "environment": [{"name": "Y", "value": "3"}, {"name": "Z", "value": "4"}], "memory": 512}], "cpu": "512"}""");
        var container = pod.Spec.Containers.Single();

        Assert.Equal(["b"], container.Args);
        Assert.Equal(["X=1", "Y=3", "Z=4"], container.Env.Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal("512Mi", container.Resources.Limits["memory"].ToString());
        Assert.Equal("500m", container.Resources.Limits["cpu"].ToString());
    }

    [Fact]
    public void Task_level_size_is_shared_by_containers_without_their_own()
    {
        var pod = Build("""{"family": "f", "cpu": "1024", "memory": "1024", "containerDefinitions": [{"name": "a", "image": "i"}, {"name": "b", "image": "i"}]}""");

        Assert.All(pod.Spec.Containers, c =>
        {
            Assert.Equal("1Gi", c.Resources.Limits["memory"].ToString());
            Assert.Equal("512Mi", c.Resources.Requests["memory"].ToString());
            Assert.Equal("500m", c.Resources.Requests["cpu"].ToString());
        });
    }

    [Fact]
    public void Host_network_binds_host_ports_and_host_namespaces()
    {
        var pod = Build("""{"family": "f", "networkMode": "host", "pidMode": "host", "ipcMode": "host", "containerDefinitions": [{"name": "a", "image": "i", "portMappings": [{"containerPort": 8080}]}]}""");

        Assert.True(pod.Spec.HostNetwork);
        Assert.True(pod.Spec.HostPID);
        Assert.True(pod.Spec.HostIPC);
        Assert.Equal(8080, pod.Spec.Containers[0].Ports[0].HostPort);
    }

    [Fact]
    public void Volumes_mount_points_and_volumes_from()
    {
        var pod = Build("""
            {"family": "f", "volumes": [{"name": "data", "host": {"sourcePath": "/srv/data"}}, {"name": "Scratch_1", "dockerVolumeConfiguration": {"driver": "local"}}],
             "containerDefinitions": [
               {"name": "a", "image": "i", "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}, {"sourceVolume": "Scratch_1", "containerPath": "/tmp/s"}]},
               {"name": "b", "image": "i", "volumesFrom": [{"sourceContainer": "a", "readOnly": true}]}]}
            """);

        Assert.Equal("/srv/data", pod.Spec.Volumes.Single(v => v.Name == "data").HostPath.Path);
        var scratch = pod.Spec.Volumes.Single(v => v.Name != "data");
        Assert.NotNull(scratch.EmptyDir);
        Assert.Matches("^scratch-1-[0-9a-f]{8}$", scratch.Name);
        var b = pod.Spec.Containers.Single(c => c.Name == "b");
        Assert.Equal(["/data", "/tmp/s"], b.VolumeMounts.Select(m => m.MountPath));
        Assert.All(b.VolumeMounts, m => Assert.True(m.ReadOnlyProperty));
    }

    [Fact]
    public void DependsOn_orders_containers_as_init_containers_and_sidecars()
    {
        var pod = Build("""
            {"family": "f", "containerDefinitions": [
              {"name": "app", "image": "i", "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"}, {"containerName": "proxy", "condition": "HEALTHY"}]},
              {"name": "proxy", "image": "i", "essential": false, "healthCheck": {"command": ["CMD", "check"]}, "dependsOn": [{"containerName": "migrate", "condition": "COMPLETE"}]},
              {"name": "migrate", "image": "i", "essential": false}]}
            """);

        Assert.Equal(["migrate", "proxy"], pod.Spec.InitContainers.Select(c => c.Name));
        Assert.Null(pod.Spec.InitContainers[0].RestartPolicy);
        Assert.Equal("Always", pod.Spec.InitContainers[1].RestartPolicy);
        Assert.NotNull(pod.Spec.InitContainers[1].StartupProbe);
        Assert.Equal(["app"], pod.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public void Pod_is_named_labelled_and_annotated_for_its_task()
    {
        var pod = Build("""{"family": "web", "containerDefinitions": [{"name": "a", "image": "i"}, {"name": "b", "image": "i", "essential": false}]}""",
            service: "websvc");

        Assert.Equal("task-0123456789abcdef0123456789abcdef", pod.Metadata.Name);
        Assert.Equal("demo-us-east-1", pod.Metadata.NamespaceProperty);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("kecs", pod.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("web", pod.Metadata.Labels["kecs.dev/family"]);
        Assert.Equal("3", pod.Metadata.Labels["kecs.dev/revision"]);
        Assert.Equal("websvc", pod.Metadata.Labels["kecs.dev/service"]);
        Assert.Equal("demo", pod.Metadata.Labels["kecs.dev/cluster"]);
        Assert.Equal(TaskArn, pod.Metadata.Annotations["kecs.dev/task-arn"]);
        Assert.Equal("""["a"]""", pod.Metadata.Annotations["kecs.dev/essential-containers"]);
        Assert.Equal(["a", "b"], pod.Spec.Containers.Select(c => c.Name));
    }

    private const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/demo/0123456789abcdef0123456789abcdef";

    /// <param name="service">The name of the service in cluster demo that started the task; none for a task from RunTask.</param>
    private static V1Pod Build(string definitionJson, string? overridesJson = null, string? service = null)
    {
        var definition = JsonSerializer.Deserialize<TaskDefinition>(definitionJson)!;
        definition.Revision = 3;
        definition.TaskDefinitionArn = $"arn:aws:ecs:us-east-1:123456789012:task-definition/{definition.Family}:3";
        var task = new EcsTask
        {
            TaskArn = TaskArn,
            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/demo",
            Group = service is null ? "family:f" : $"service:{service}",
            Cpu = definition.Cpu,
            Memory = definition.Memory,
            Overrides = overridesJson is null ? null : JsonSerializer.Deserialize<TaskOverride>(overridesJson),
        };
        if (task.Overrides is { } overrides)
        {
            task.Cpu = overrides.Cpu ?? task.Cpu;
            task.Memory = overrides.Memory ?? task.Memory;
        }

        var serviceArn = service is null ? null : $"arn:aws:ecs:us-east-1:123456789012:service/demo/{service}";
        return TaskPodBuilder.Build(new DesiredTask(task, definition, null, serviceArn));
    }

    /// <summary>Every member in <paramref name="expected"/> is in <paramref name="actual"/> with the same value; arrays match item by item.</summary>
    private static void AssertContains(JsonNode expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    AssertContains(value!, actual?[name], $"{path}.{name}");
                }

                break;
            case JsonArray items:
                var actualItems = actual as JsonArray;
                Assert.True(actualItems?.Count == items.Count, $"{path}: expected {items.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
                for (var i = 0; i < items.Count; i++)
                {
                    AssertContains(items[i]!, actualItems![i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
                break;
        }
    }
}
