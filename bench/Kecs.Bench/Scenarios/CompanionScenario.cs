using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kecs.Bench.Hosting;
using Kecs.Bench.Reporting;

namespace Kecs.Bench.Scenarios;

/// <summary>
/// What the one endpoint costs a call for another AWS service: the same CloudWatch Logs call, one caller at a time, straight
/// to moto_server and through the gateway (Release, alone), interleaved; and moto_server's memory, idle and after.
/// </summary>
public static class CompanionScenario
{
    private const int Calls = 300;

    public static async Task<string> RunAsync(BenchSettings settings)
    {
        if (await MotoServer.TryStartAsync() is not var (moto, motoUrl))
        {
            return "moto_server is not installed: nothing measured.";
        }

        await using var _ = moto;
        var idle = Pss(moto.Pid);
        var gatewayPort = ChildProcess.FreePort();
        await using var gateway = KecsApps.Gateway(gatewayPort, motoUrl);
        await gateway.WaitForOutputAsync(new(@"Now listening on: (\S+)"), TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        await CallAsync(http, motoUrl, "CreateLogGroup", """{"logGroupName": "/bench/companion"}""");

        var direct = new List<TimeSpan>();
        var forwarded = new List<TimeSpan>();
        for (var run = 0; run < settings.Runs; run++)
        {
            for (var i = 0; i < Calls; i++)
            {
                direct.Add(await CallAsync(http, motoUrl, "DescribeLogGroups", "{}"));
                forwarded.Add(await CallAsync(http, $"http://127.0.0.1:{gatewayPort}", "DescribeLogGroups", "{}"));
            }

            Console.WriteLine($"companion: run {run + 1}: moto p50 {Percentiles.Of(direct, 50):F1} ms, through the gateway p50 {Percentiles.Of(forwarded, 50):F1} ms");
        }

        return string.Create(CultureInfo.InvariantCulture, $"""
            moto_server and the gateway alone (Release, Aws__Endpoint at moto), the bench calling CloudWatch Logs' DescribeLogGroups one
            call at a time, {settings.Runs} x {Calls} calls each way, straight to moto and through the gateway in turn. Times in ms.

            | path | n | p50 | p99 | max |
            |---|---|---|---|---|
            | straight to moto_server | {direct.Count} | {Percentiles.Of(direct, 50):F1} | {Percentiles.Of(direct, 99):F1} | {Percentiles.Of(direct, 100):F1} |
            | through the gateway | {forwarded.Count} | {Percentiles.Of(forwarded, 50):F1} | {Percentiles.Of(forwarded, 99):F1} | {Percentiles.Of(forwarded, 100):F1} |

            moto_server's memory (PSS): {idle:F0} MiB idle after start, {Pss(moto.Pid):F0} MiB after these calls.
            """);
    }

    private static async Task<TimeSpan> CallAsync(HttpClient http, string url, string operation, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"Logs_20140328.{operation}");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261208/us-east-1/logs/aws4_request, SignedHeaders=host;x-amz-target, Signature=0");
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        return response.IsSuccessStatusCode ? elapsed : throw new InvalidOperationException($"{url} answered {operation} with {(int)response.StatusCode}");
    }

    private static double Pss(int pid) =>
        File.ReadLines($"/proc/{pid}/smaps_rollup").First(line => line.StartsWith("Pss:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kilobytes ? double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024 : 0;
}
