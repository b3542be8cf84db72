using System.Net.Http.Headers;
using System.Text;
using Kecs.Scheduler.Companion;

namespace Kecs.Scheduler.Tests;

/// <summary>Kecs's own SigV4 signatures, checked against what botocore's SigV4Auth computes for the same requests.</summary>
public sealed class SigV4SignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 2, 30, 0, TimeSpan.Zero);
    private readonly SigV4Signer _signer = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    [Fact]
    public void A_json_call_is_signed_as_botocore_signs_it()
    {
        var body = Encoding.UTF8.GetBytes("""{"Name":"/app/db","WithDecryption":true}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5000/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonSSM.GetParameter");

        _signer.Sign(request, body, "us-east-1", "ssm", Now);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261208/us-east-1/ssm/aws4_request, " +
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, " +
            "Signature=2541c224368368e1a89c69cbe8a85721e5058b46bae445a3e939dfc5221d14e0",
            request.Headers.GetValues("Authorization").Single());
        Assert.Equal("20261208T023000Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    [Fact]
    public void An_s3_get_with_a_query_is_signed_as_botocore_signs_it()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5000/app-config/env/app.env?versionId=a%2Fb&acl=");

        _signer.Sign(request, [], "us-east-1", "s3", Now);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261208/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, " +
            "Signature=bccf03c44f2396a9e68f23b9b7e1b913064bf14db9dc3e0540d94df6ec3dbc12",
            request.Headers.GetValues("Authorization").Single());
    }
}
