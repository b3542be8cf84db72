// A full ECS flow with the JavaScript SDK v3, whose deserialisers reject members of the wrong JSON
// type. Usage: node ecs-strict-flow.mjs <endpoint-url>. Exits non-zero on any error; prints a summary.
import {
  ECSClient, CreateClusterCommand, DescribeClustersCommand, ListClustersCommand, RegisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand, CreateServiceCommand, DescribeServicesCommand,
  ListServicesCommand, UpdateServiceCommand, RunTaskCommand, DescribeTasksCommand, ListTasksCommand, StopTaskCommand,
  TagResourceCommand, ListTagsForResourceCommand, ListAccountSettingsCommand, DescribeCapacityProvidersCommand,
  DeleteServiceCommand, DeregisterTaskDefinitionCommand, ClusterNotFoundException, InvalidParameterException,
} from "@aws-sdk/client-ecs";

const endpoint = process.argv[2];
const ecs = new ECSClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIAKECSTESTS", secretAccessKey: "kecs-tests" },
  maxAttempts: 1,
});

const check = (condition, message) => { if (!condition) throw new Error(message); };
const send = (command) => ecs.send(command);

await send(new CreateClusterCommand({ clusterName: "strict", tags: [{ key: "env", value: "ci" }] }));
const clusters = await send(new DescribeClustersCommand({ clusters: ["strict"], include: ["STATISTICS", "TAGS", "SETTINGS"] }));
check(clusters.clusters[0].status === "ACTIVE", "cluster is ACTIVE");
await send(new ListClustersCommand({}));

const registered = await send(new RegisterTaskDefinitionCommand({
  family: "strict-web", networkMode: "awsvpc", requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512",
  containerDefinitions: [{ name: "nginx", image: "nginx:1.25", portMappings: [{ containerPort: 80 }],
    healthCheck: { command: ["CMD-SHELL", "true"] } }],
}));
check(registered.taskDefinition.registeredAt instanceof Date, "registeredAt is a timestamp");
check(registered.taskDefinition.cpu === "256", "task cpu is the string '256'");
await send(new DescribeTaskDefinitionCommand({ taskDefinition: "strict-web", include: ["TAGS"] }));
await send(new ListTaskDefinitionsCommand({}));

const network = { awsvpcConfiguration: { subnets: ["subnet-1"], assignPublicIp: "ENABLED" } };
const created = await send(new CreateServiceCommand({
  cluster: "strict", serviceName: "web", taskDefinition: "strict-web", desiredCount: 1, launchType: "FARGATE",
  networkConfiguration: network,
}));
check(created.service.createdAt instanceof Date, "service createdAt is a timestamp");
await send(new DescribeServicesCommand({ cluster: "strict", services: ["web", "missing"], include: ["TAGS"] }));
await send(new ListServicesCommand({ cluster: "strict" }));
const updated = await send(new UpdateServiceCommand({ cluster: "strict", service: "web", desiredCount: 0, forceNewDeployment: true }));
check(updated.service.deployments.length === 2, "forceNewDeployment makes a second deployment");

const run = await send(new RunTaskCommand({
  cluster: "strict", taskDefinition: "strict-web", count: 2, launchType: "FARGATE", networkConfiguration: network,
  tags: [{ key: "run", value: "1" }],
}));
const taskArn = run.tasks[0].taskArn;
check(run.tasks[0].createdAt instanceof Date, "task createdAt is a timestamp");
await send(new DescribeTasksCommand({ cluster: "strict", tasks: [taskArn, "0123456789abcdef0123456789abcdef"], include: ["TAGS"] }));
await send(new ListTasksCommand({ cluster: "strict" }));
const stopped = await send(new StopTaskCommand({ cluster: "strict", task: taskArn, reason: "strict client" }));
check(stopped.task.stoppedReason === "strict client", "the stop reason is kept");
await send(new TagResourceCommand({ resourceArn: taskArn, tags: [{ key: "x", value: "y" }] }));
await send(new ListTagsForResourceCommand({ resourceArn: taskArn }));
await send(new ListAccountSettingsCommand({ effectiveSettings: true }));
await send(new DescribeCapacityProvidersCommand({}));
await send(new DeleteServiceCommand({ cluster: "strict", service: "web" }));
await send(new DeregisterTaskDefinitionCommand({ taskDefinition: "strict-web:1" }));

try {
  await send(new DescribeServicesCommand({ cluster: "nosuch", services: ["web"] }));
  throw new Error("DescribeServices on a missing cluster succeeded");
} catch (e) {
  check(e instanceof ClusterNotFoundException, `expected ClusterNotFoundException, got ${e.name}`);
}

try {
  await send(new CreateServiceCommand({ cluster: "strict", serviceName: "twice", taskDefinition: "strict-web:1", desiredCount: 0,
    launchType: "FARGATE", networkConfiguration: network }));
  throw new Error("CreateService with an INACTIVE task definition succeeded");
} catch (e) {
  check(e.name === "ClientException", `expected ClientException, got ${e.name}`);
}

try {
  await send(new RunTaskCommand({ cluster: "strict", taskDefinition: "strict-web", count: 11 }));
  throw new Error("RunTask with count 11 succeeded");
} catch (e) {
  check(e instanceof InvalidParameterException, `expected InvalidParameterException, got ${e.name}`);
}

console.log("strict flow passed");
