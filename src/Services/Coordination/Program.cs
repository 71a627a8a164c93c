using Platform.Coordination.Apis;
using Platform.Coordination.Extensions;
using Platform.Coordination.Infrastructure;
using Platform.UnitDirectory;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseDissolvedUnitsReadOnly<CoordinationDbContext>();
app.MapDefaultEndpoints();
app.MapUnitDirectoryApi<CoordinationDbContext>("/api/coordination");
app.MapProgrammesApi();
app.MapCoverageApi();
app.MapMeetingsApi();
app.MapCadencesApi();
app.MapReferralsApi();
app.MapStatisticsApi();

app.Run();

public partial class Program;
