using Platform.SafeLine.Apis;
using Platform.SafeLine.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseReporterAnonymity(); // first: nothing after it sees who is calling /api/safeline
app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapDefaultEndpoints();
app.MapReportsApi();
app.MapCasesApi();
app.MapHandlersApi();
app.MapPostersApi();
app.MapStatisticsApi();

app.Run();

public partial class Program;
