using Kecs.Scheduler;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOptions<SchedulerOptions>().BindConfiguration("Scheduler").ValidateDataAnnotations().ValidateOnStart();

var app = builder.Build();

var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
app.Logger.LogInformation("Runtime requested: {Runtime}; kube context: {KubeContext}",
    options.Runtime, string.IsNullOrEmpty(options.KubeContext) ? "(current)" : options.KubeContext);

app.MapDefaultEndpoints();

app.Run();
