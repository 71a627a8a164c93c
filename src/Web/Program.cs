using Platform.Web.Auth;
using Platform.Web.Components;
using Platform.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();
builder.AddClientPrivacy("/an-toan"); // the safe line's public pages: no visitor's address or browser on their traces

var app = builder.Build();

app.UseForwardedHeaders(); // the gateway's X-Forwarded-Host/Proto: links and the OIDC redirect name the public URL
app.UsePlatformDefaults();
app.UseSignInAvailability(); // identity still starting: a page that retries, not a 500
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets().AllowAnonymous();
app.MapWebEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .RequireAuthorization();

app.Run();

/// <summary>Public so that tests can reach the web client's types.</summary>
public partial class Program;
