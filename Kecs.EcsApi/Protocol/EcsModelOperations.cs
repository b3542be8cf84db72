namespace Kecs.EcsApi.Protocol;

/// <summary>
/// Every operation in the ECS service model (2014-11-13). A target naming one of these that Kecs
/// does not implement is answered as unsupported; any other name is an unknown operation.
/// </summary>
public static class EcsModelOperations
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        // Clusters
        "CreateCluster", "DescribeClusters", "ListClusters", "UpdateCluster", "UpdateClusterSettings",
        "PutClusterCapacityProviders", "DeleteCluster",
        // Task definitions
        "RegisterTaskDefinition", "DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies",
        "DeregisterTaskDefinition", "DeleteTaskDefinitions",
        // Services and their deployments
        "CreateService", "DescribeServices", "ListServices", "ListServicesByNamespace", "UpdateService",
        "DeleteService", "ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions",
        "StopServiceDeployment", "ContinueServiceDeployment",
        // Tasks
        "RunTask", "StartTask", "DescribeTasks", "ListTasks", "StopTask", "GetTaskProtection",
        "UpdateTaskProtection", "ExecuteCommand",
        // Task sets
        "CreateTaskSet", "DescribeTaskSets", "UpdateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet",
        // Container instances, attributes and agent endpoints
        "RegisterContainerInstance", "DeregisterContainerInstance", "DescribeContainerInstances",
        "ListContainerInstances", "UpdateContainerInstancesState", "UpdateContainerAgent", "PutAttributes",
        "DeleteAttributes", "ListAttributes", "DiscoverPollEndpoint", "SubmitTaskStateChange",
        "SubmitContainerStateChange", "SubmitAttachmentStateChanges",
        // Capacity providers
        "CreateCapacityProvider", "DescribeCapacityProviders", "UpdateCapacityProvider", "DeleteCapacityProvider",
        // Account settings
        "PutAccountSetting", "PutAccountSettingDefault", "ListAccountSettings", "DeleteAccountSetting",
        // Tagging
        "TagResource", "UntagResource", "ListTagsForResource",
        // Daemons
        "CreateDaemon", "UpdateDaemon", "DeleteDaemon", "DescribeDaemon", "ListDaemons", "ListDaemonDeployments",
        "DescribeDaemonDeployments", "DescribeDaemonRevisions", "RegisterDaemonTaskDefinition",
        "DescribeDaemonTaskDefinition", "DeleteDaemonTaskDefinition", "ListDaemonTaskDefinitions",
        // Express Gateway services
        "CreateExpressGatewayService", "DescribeExpressGatewayService", "UpdateExpressGatewayService",
        "DeleteExpressGatewayService",
    };
}
