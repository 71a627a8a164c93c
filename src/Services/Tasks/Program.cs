using Platform.Tasks.Apis;
using Platform.Tasks.Extensions;
using Platform.Tasks.Infrastructure;
using Platform.UnitDirectory;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseDissolvedUnitsReadOnly<TasksDbContext>();
app.MapDefaultEndpoints();
app.MapUnitDirectoryApi<TasksDbContext>("/api/tasks");
app.MapDocumentsApi();
app.MapAssignmentsApi();
app.MapQuestionsApi();
app.MapDashboardApi();
app.MapHolidaysApi();
app.MapAttachmentsApi();

app.Run();

public partial class Program;
