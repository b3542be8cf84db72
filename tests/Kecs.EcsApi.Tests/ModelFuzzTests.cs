namespace Kecs.EcsApi.Tests;

/// <summary>
/// A generated fuzz run over the inputs of every ECS operation in botocore's model: whatever arrives,
/// EcsApi answers 200 or an AWS-shaped 4xx, never a 5xx.
/// </summary>
public sealed class ModelFuzzTests : IAsyncDisposable
{
    private const int RequestsPerOperation = 40;
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;
    private readonly BotocoreEcsModel _model;

    public ModelFuzzTests()
    {
        _model = BotocoreEcsModel.LoadOrSkip();
        _ecs = _factory.CreateEcsClient();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Every_operation_answers_generated_input_with_200_or_an_AWS_shaped_4xx(int seed)
    {
        await _ecs.ClusterAsync();
        await _ecs.RegisterAsync();
        await _ecs.ServiceAsync(desiredCount: 1);
        var fuzzer = new ModelFuzzer(_model, seed);
        var faults = new List<string>();

        foreach (var operation in _model.Operations)
        {
            for (var i = 0; i < RequestsPerOperation; i++)
            {
                var body = fuzzer.Body(operation).ToJsonString();
                if (body.Length > Kecs.Ecs.AwsJsonProtocol.MaxRequestBodyBytes)
                {
                    continue; // Too large for EcsApi by design; the gateway's 413 has its own test.
                }

                var response = await _ecs.CallAsync(operation, body);
                if (response.Status >= 500 || (response.Status != 200 && (response.ErrorType is null || response.ErrorTypeHeader != response.ErrorType)))
                {
                    faults.Add($"{operation} {response.Status} {response.Text[..Math.Min(200, response.Text.Length)]} <- {body[..Math.Min(300, body.Length)]}");
                }
            }
        }

        Assert.True(faults.Count == 0, string.Join('\n', faults.Take(10)));
    }
}
