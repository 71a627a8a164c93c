using Platform.Identity.Apis;
using Platform.Identity.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseIdentityPipeline();
app.MapDefaultEndpoints();
app.MapConnectApi();
app.MapLoginPage();
app.MapUsersApi();
app.MapAuditApi();
app.MapInternalApi();

app.Run();

public partial class Program;
