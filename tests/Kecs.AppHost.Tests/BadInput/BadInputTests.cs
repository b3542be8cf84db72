using System.Text;
using System.Text.Json.Nodes;

namespace Kecs.AppHost.Tests.BadInput;

/// <summary>
/// The corpus of malformed requests in corpus.jsonl (written by tools/generate-bad-input-corpus.py),
/// sent through the gateway: no answer is a 5xx, none takes longer than the timeout, every error an
/// ECS client can read is AWS-shaped, and Kecs still works afterwards.
/// </summary>
[Collection(nameof(KecsCollection))]
public sealed class BadInputTests(RunningKecs kecs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_malformed_request_gets_a_prompt_answer_below_500_and_AWS_shaped_when_it_is_an_error()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var lines = await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "BadInput", "corpus.jsonl"), cancellation);
        Assert.True(lines.Length >= 500, $"the corpus has {lines.Length} requests");
        var faults = new List<string>();

        foreach (var line in lines)
        {
            var request = JsonNode.Parse(line)!;
            var headers = request["headers"]!.AsObject().Select(h => (h.Key, h.Value!.GetValue<string>())).ToList();
            RawHttp.Answer answer;
            try
            {
                answer = await RawHttp.SendAsync(kecs.Port, request["method"]!.GetValue<string>(), request["path"]!.GetValue<string>(),
                    headers, Body(request), Patience, cancellation);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                faults.Add($"{Describe(request)}: no answer within {Patience.TotalSeconds} s");
                continue;
            }

            var text = Encoding.UTF8.GetString(answer.Body);
            if (answer.Status >= 500)
            {
                faults.Add($"{Describe(request)}: {answer.Status} {text[..Math.Min(200, text.Length)]}");
            }
            // Kestrel itself refuses too many header fields (431) before any Kecs code runs; that answer has no body.
            else if (answer.Status is not (200 or 431) && IsEcsCall(request) && !text.Contains("\"__type\"", StringComparison.Ordinal))
            {
                faults.Add($"{Describe(request)}: {answer.Status} without an AWS error body: {text[..Math.Min(200, text.Length)]}");
            }
        }

        Assert.True(faults.Count == 0, $"{faults.Count} of {lines.Length}:\n{string.Join('\n', faults.Take(15))}");
        await AwsCli.RunAsync(kecs.EndpointUrl, cancellation, "ecs", "create-cluster", "--cluster-name", "after-bad-input");
    }

    private static bool IsEcsCall(JsonNode request) =>
        request["path"]!.GetValue<string>() == "/" && request["method"]!.GetValue<string>() == "POST";

    private static byte[] Body(JsonNode request) => request["recipe"] is { } recipe
        ? Encoding.UTF8.GetBytes(recipe["prefix"]!.GetValue<string>()
                                 + new StringBuilder().Insert(0, recipe["repeat"]!.GetValue<string>(), recipe["count"]!.GetValue<int>())
                                 + recipe["suffix"]!.GetValue<string>())
        : Convert.FromBase64String(request["body"]!.GetValue<string>());

    private static string Describe(JsonNode request) =>
        $"[{request["category"]}] {request["method"]} {request["path"]} {request["headers"]?["X-Amz-Target"]}";
}
