using Platform.Units.Apis;
using Platform.Units.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapUnitsApi();
app.MapGroupsApi();
app.MapRestructuringApi();
app.MapImportExportApi();
app.MapRestructuringPlanApi();

app.Run();

public partial class Program;
