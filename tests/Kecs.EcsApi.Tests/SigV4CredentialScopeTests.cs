using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.Tests;

public class SigV4CredentialScopeTests
{
    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=ab", "eu-west-1")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/us-gov-west-1/ecs/aws4_request,SignedHeaders=host,Signature=ab", "us-gov-west-1")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Credential=AKID/20261124/ap-southeast-2/ecs/aws4_request, Signature=ab", "ap-southeast-2")]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Bearer token", null)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/ecs/aws4_request", null)]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20261124/EU WEST/ecs/aws4_request", null)]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab", null)]
    public void RegionFrom_ReadsTheThirdFieldOfTheCredentialScope(string? authorization, string? region) =>
        Assert.Equal(region, SigV4CredentialScope.RegionFrom(authorization));
}
