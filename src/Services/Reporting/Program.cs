using Platform.Reporting.Apis;
using Platform.Reporting.Extensions;
using Platform.Reporting.Infrastructure;
using Platform.UnitDirectory;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseDissolvedUnitsReadOnly<ReportingDbContext>();
app.MapDefaultEndpoints();
app.MapUnitDirectoryApi<ReportingDbContext>("/api/reports");
app.MapTemplatesApi();
app.MapSchedulesApi();
app.MapRequestsApi();
app.MapSubmissionsApi();
app.MapCompletenessApi();
app.MapConsolidatedApi();
app.MapIncidentsApi();
app.MapInspectionsApi();
app.MapAuditApi();

app.Run();

public partial class Program;
