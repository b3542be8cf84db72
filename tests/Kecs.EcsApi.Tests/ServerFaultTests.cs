using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.EcsApi.Tests;

public sealed class ServerFaultTests
{
    [Fact]
    public async Task AnUnexpectedFault_Is500ServerException_WithoutInternals()
    {
        var failing = new EcsOperationRegistry();
        failing.For<ClusterOperations>().Map(EcsOperations.ListClusters, (_, _, _, _) => throw new InvalidDataException("secret internal detail"));
        await using var factory = new EcsApiFactory(replaceServices: services => services.AddSingleton(failing));
        var ecs = factory.CreateEcsClient();

        var response = await ecs.CallAsync("ListClusters");

        Assert.Equal(500, response.Status);
        Assert.Equal("ServerException", response.ErrorType);
        Assert.Contains(response.RequestId!, response.Message);
        Assert.DoesNotContain("secret", response.Text);
    }
}
