using Kecs.Scheduler;
using Kecs.Scheduler.Kubernetes;
using Kecs.Scheduler.Runtime;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddScheduler(builder.Configuration);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/runtime", (ActiveRuntime active) => active.Current is { } runtime
    ? Results.Json(new Dictionary<string, string?>
    {
        ["runtime"] = runtime.Description.Name,
        ["detail"] = runtime.Description.Detail,
        ["apiServerError"] = (runtime as KubernetesRuntime)?.LastApiError,
    })
    : Results.Problem("The Scheduler is still choosing its runtime.", statusCode: StatusCodes.Status503ServiceUnavailable));

app.Run();
