using Kecs.Scheduler;
using Kecs.Scheduler.Api;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddScheduler(builder.Configuration);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapSchedulerApi();

app.Run();
