using Kecs.Bench;

var scenarios = new Dictionary<string, Func<Task>>
{
    ["task-convergence"] = TaskConvergence.RunAsync,
    ["service-convergence"] = ServiceConvergence.RunAsync,
};

if (args is not [var name] || !scenarios.TryGetValue(name, out var scenario))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Kecs.Bench -- <{string.Join('|', scenarios.Keys)}>");
    return 2;
}

await scenario();
return 0;
