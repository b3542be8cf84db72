using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kecs.Bench.Hosting;

/// <summary>moto's server (<c>moto_server</c>, from python3's moto) on a free loopback port, when it is installed.</summary>
public static class MotoServer
{
    /// <summary>The running server and its URL, or null when moto_server is not on the PATH.</summary>
    public static async Task<(ChildProcess Process, string Url)?> TryStartAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(directory => Path.Combine(directory, "moto_server")).FirstOrDefault(File.Exists);
        if (executable is null)
        {
            return null;
        }

        var port = ChildProcess.FreePort();
        var process = ChildProcess.Start(executable, ["-H", "127.0.0.1", "-p", port.ToString()], Path.GetTempPath(), new Dictionary<string, string>());
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await http.GetAsync(url + "/moto-api/");
                return (process, url);
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>moto places EC2 tasks only on container instances: one from its EC2 mock joins the cluster.</summary>
    public static async Task AddContainerInstanceAsync(string url, Load.EcsTarget ecs, string cluster)
    {
        using var http = new HttpClient();
        var instance = await Ec2Async(http, url, "Action=RunInstances&ImageId=ami-12c6146b&MinCount=1&MaxCount=1", "instanceId");
        var document = System.Text.Json.JsonSerializer.Serialize($$"""{"instanceId": "{{instance}}", "region": "us-east-1", "availabilityZone": "us-east-1a"}""");
        await ecs.CallAsync("RegisterContainerInstance", $$"""{"cluster": "{{cluster}}", "instanceIdentityDocument": {{document}}}""");
    }

    /// <summary>An EC2 query call to moto (it tells services apart by the credential scope), returning one element of the XML answer.</summary>
    private static async Task<string> Ec2Async(HttpClient http, string url, string form, string element)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(form + "&Version=2016-11-15", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261124/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0");
        var answer = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        return Regex.Match(answer, $"<{element}>([^<]+)</{element}>") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"moto did not answer {form} with a {element}: {answer}");
    }
}
