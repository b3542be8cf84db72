using Kecs.Ecs;

namespace Kecs.Scheduler.Tests;

public sealed class KubeNamesTests
{
    [Theory]
    [InlineData("demo", "us-east-1", "demo-us-east-1")]
    [InlineData("my-cluster", "eu-west-1", "my-cluster-eu-west-1")]
    public void A_valid_cluster_name_is_kept(string cluster, string region, string expected) =>
        Assert.Equal(expected, KubeNames.Namespace(cluster, region));

    [Fact]
    public void Names_Kubernetes_rejects_are_cleaned_stable_and_distinct()
    {
        var upper = KubeNames.Namespace("Demo_App", "us-east-1");
        var lower = KubeNames.Namespace("demo_app", "us-east-1");
        var longName = KubeNames.Namespace(new string('a', 255), "us-east-1");

        Assert.Matches("^demo-app-us-east-1-[0-9a-f]{8}$", upper);
        Assert.NotEqual(upper, lower);
        Assert.Equal(upper, KubeNames.Namespace("Demo_App", "us-east-1"));
        Assert.True(longName.Length <= 63);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", longName);
    }
}
