using Kecs.Bench.Reporting;
using Kecs.Bench.Scenarios;

var scenarios = new Dictionary<string, Func<BenchSettings, Task<string>>>
{
    ["api"] = ApiScenario.RunAsync,
    ["scale"] = ScaleScenario.RunAsync,
    ["converge"] = ConvergeScenario.RunAsync,
    ["startup"] = StartupScenario.RunAsync,
    ["logs"] = LogsScenario.RunAsync,
    ["companion"] = CompanionScenario.RunAsync,
};

var chosen = args switch
{
    ["all"] => scenarios.Keys.ToList(),
    [var name] when scenarios.ContainsKey(name) => [name],
    _ => null,
};
if (chosen is null)
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Kecs.Bench -- <{string.Join('|', scenarios.Keys)}|all>");
    return 2;
}

var settings = BenchSettings.FromEnvironment();
foreach (var name in chosen)
{
    var markdown = await scenarios[name](settings);
    BenchmarkReport.Write(name, $"dotnet run -c Release --project bench/Kecs.Bench -- {args[0]}", markdown);
    Console.WriteLine($"{name}: written to {BenchmarkReport.Path}");
}

return 0;
