namespace Kecs.EcsApi.Tests;

/// <summary>Custom attributes of container instances checked as ECS checks them: their names, values and number.</summary>
public sealed class AttributeTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public AttributeTests() => _ecs = _factory.CreateEcsClient();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task An_instance_takes_ten_custom_attributes_beside_the_agents_and_no_eleventh()
    {
        var instance = await InstanceAsync();
        var ten = string.Join(", ", Enumerable.Range(1, 10).Select(i => $$"""{"name": "custom-{{i}}", "value": "v", "targetId": "{{instance}}"}"""));

        await _ecs.OkAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{{ten}}]}""");
        await _ecs.OkAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "custom-1", "value": "changed", "targetId": "{{instance}}"}]}""");
        var refused = await _ecs.CallAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "custom-11", "targetId": "{{instance}}"}]}""");
        var listed = await _ecs.OkAsync("ListAttributes", """{"cluster": "demo", "targetType": "container-instance"}""");

        Assert.Equal((400, "AttributeLimitExceededException"), (refused.Status, refused.ErrorType));
        Assert.StartsWith("You can apply up to 10 custom attributes for each resource", refused.Message);
        Assert.Equal(10, listed["attributes"]!.AsArray().Count(a => a!["name"].Text().StartsWith("custom-", StringComparison.Ordinal)));
        Assert.Contains(listed["attributes"]!.AsArray(), a => a!["name"].Text() == "ecs.os-type");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("bang!")]
    [InlineData("at@sign")]
    [InlineData("colon:name")]
    public async Task A_name_outside_letters_numbers_hyphens_underscores_slashes_and_periods_is_refused(string name)
    {
        var instance = await InstanceAsync();

        await _ecs.ExpectErrorAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "{{name}}", "targetId": "{{instance}}"}]}""",
            "InvalidParameterException", $"Invalid attribute name '{name}'.");
        await _ecs.ExpectErrorAsync("RegisterContainerInstance", $$"""{"cluster": "demo", "attributes": [{"name": "{{name}}"}]}""",
            "InvalidParameterException", $"Invalid attribute name '{name}'.");
    }

    [Theory]
    [InlineData(" leading")]
    [InlineData("trailing ")]
    [InlineData("semi;colon")]
    [InlineData("")]
    public async Task A_value_ECS_would_refuse_is_refused(string value)
    {
        var instance = await InstanceAsync();

        await _ecs.ExpectErrorAsync("PutAttributes", $$"""{"cluster": "demo", "attributes": [{"name": "stack", "value": "{{value}}", "targetId": "{{instance}}"}]}""",
            "InvalidParameterException", $"Invalid value '{value}' of attribute stack.");
    }

    [Fact]
    public async Task Every_character_the_documentation_allows_is_taken()
    {
        var instance = await InstanceAsync();

        var put = await _ecs.OkAsync("PutAttributes", $$"""
            {"cluster": "demo", "attributes": [{"name": "Team_1/app\\web.v-2", "value": "ops@example.com:8080/a\\b c_d.e-f", "targetId": "{{instance}}"}]}
            """);

        Assert.Equal("ops@example.com:8080/a\\b c_d.e-f", put["attributes"]![0]!["value"].Text());
    }

    [Fact]
    public async Task ListAttributes_filters_on_a_value_only_with_a_name()
    {
        await _ecs.ClusterAsync();

        await _ecs.ExpectErrorAsync("ListAttributes", """{"cluster": "demo", "targetType": "container-instance", "attributeValue": "prod"}""",
            "InvalidParameterException", "attributeValue can only be given with attributeName");
    }

    private async Task<string> InstanceAsync()
    {
        await _ecs.ClusterAsync();
        return (await _ecs.OkAsync("RegisterContainerInstance", """{"cluster": "demo"}"""))["containerInstance"]!["containerInstanceArn"].Text();
    }
}
