using Platform.Units.Apis;
using Platform.Units.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.MapDefaultEndpoints();
app.MapUnitsApi();

app.Run();

public partial class Program;
