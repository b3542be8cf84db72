using Kecs.EcsApi;
using Kecs.EcsApi.Admin;
using Kecs.EcsApi.Internal;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddEcsApi();

var app = builder.Build();

// Open the database (and migrate it) and load the state before the first request, so a locked or unreadable file fails start-up.
app.Services.GetRequiredService<EcsStore>();

app.MapDefaultEndpoints();
app.MapAwsJsonEndpoint();
app.MapInternalApi();
app.MapAdminInternalApi();

app.Run();

public partial class Program;
