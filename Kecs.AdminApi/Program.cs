using Kecs.AdminApi;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddAdminApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapAdminApi();

app.Run();
