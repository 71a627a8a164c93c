using Platform.Notifications.Apis;
using Platform.Notifications.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UsePlatformDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapNotificationsApi();
app.MapPreferencesApi();
app.MapRecipientsApi();
app.MapStreamApi();

app.Run();

public partial class Program;
