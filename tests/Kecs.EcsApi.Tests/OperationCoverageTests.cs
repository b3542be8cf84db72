using System.Text.RegularExpressions;
using Kecs.EcsApi.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Kecs.EcsApi.Tests;

/// <summary>Kecs serves every operation of the ECS model but ExecuteCommand, and the README lists exactly those.</summary>
public sealed partial class OperationCoverageTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public void Every_operation_of_the_model_but_ExecuteCommand_is_served_and_the_README_lists_them()
    {
        var model = BotocoreEcsModel.LoadOrSkip();
        var served = _factory.Services.GetRequiredService<EcsOperationRegistry>().Names.Order(StringComparer.Ordinal).ToList();
        var readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"))
            .SkipWhile(line => line != "| area | operations |").Skip(2).TakeWhile(line => line.StartsWith('|'))
            .SelectMany(line => line.Split('|')[2].Split(',', StringSplitOptions.TrimEntries))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(model.Operations.Where(operation => operation != "ExecuteCommand").Order(StringComparer.Ordinal), served);
        Assert.Equal(served, readme);
        Assert.All(readme, operation => Assert.Matches(OperationName(), operation));
    }

    [GeneratedRegex("^[A-Z][A-Za-z]+$")]
    private static partial Regex OperationName();
}
