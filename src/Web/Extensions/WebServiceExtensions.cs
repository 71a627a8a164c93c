using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Http.Resilience;
using MudBlazor.Services;
using Platform.Web.Api;
using Platform.Web.Auth;
using Platform.Web.Localization;

namespace Platform.Web.Extensions;

public static class WebServiceExtensions
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var web = builder.Configuration.GetSection(WebOptions.SectionName).Get<WebOptions>() ?? new WebOptions();
        builder.Services.Configure<WebOptions>(builder.Configuration.GetSection(WebOptions.SectionName));

        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // The gateway runs beside the web client (loopback, a default known proxy).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        });

        // Vietnamese unless the user chose English (the culture cookie): a browser's language does not decide.
        builder.Services.Configure<RequestLocalizationOptions>(o =>
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()]);

        builder.Services.AddWebAuthentication(web);
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();

        // Calls go through the gateway's public URL, as a browser's would. Retries only for safe methods:
        // acknowledging or submitting twice is not what the user asked for. No circuit breaker: the gateway is one
        // address for six services and every signed-in user, so one failing endpoint (a burst of 5xx from one
        // service) opened it for all of them and every page's next call failed at once; each call's own answer
        // (a ProblemDetails, 503 with Retry-After) is what a page should show.
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental
        builder.Services.AddHttpClient(PlatformApi.HttpClientName, c => c.BaseAddress = web.PublicUri)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.DisableForUnsafeHttpMethods();
                o.CircuitBreaker.ShouldHandle = static _ => ValueTask.FromResult(false);
            });
        builder.Services.AddHttpClient(PlatformApi.StreamClientName, c =>
            {
                c.BaseAddress = web.PublicUri;
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<PlatformApi>();
        builder.Services.AddScoped<ISafeLineApi, SafeLineApi>();
        builder.Services.AddScoped<IPlatformApi>(sp => sp.GetRequiredService<PlatformApi>());
        builder.Services.AddSingleton<Loc>();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication MapWebEndpoints(this WebApplication app)
    {
        // Language switch: the culture cookie, then back to the page (the circuit restarts in the new language).
        app.MapGet("/culture", (string culture, string? redirect, HttpContext http) =>
        {
            var chosen = culture == "en" ? "en" : "vi-VN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            return Results.LocalRedirect(LocalPath(redirect));
        }).AllowAnonymous();

        app.MapPost("/signout", async ([Microsoft.AspNetCore.Mvc.FromForm] string? from, HttpContext http) =>
        {
            // The refresh token is revoked so the cookie, even if copied, cannot mint new access tokens.
            var ticket = await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await http.RequestServices.GetRequiredService<TokenRefresher>().RevokeAsync(TokenSet.From(ticket.Properties), http.RequestAborted);
            // Identity first: its handler reads the id_token hint from the cookie, which is then removed.
            await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = LocalPath(from) });
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }).RequireAuthorization();

        // After a circuit refreshed the tokens, the browser brings its cookie up to date (SessionRenewal).
        app.MapPost(SessionRenewal.Path, SessionRenewal.RenewAsync).RequireAuthorization().WithMetadata(new SkipTokenRefreshAttribute());

        // Files come from the APIs with the user's token, which stays on the server: the browser asks here.
        app.MapGet("/download/{**path}", async (string path, HttpContext http, PlatformApi api) =>
        {
            if (!DownloadAllowed(path)) return Results.NotFound();
            var file = await api.DownloadAsync("api/" + path + http.Request.QueryString);
            if (file.Problem is { } problem)
            {
                return Results.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status is >= 400 and < 600 ? problem.Status : 502);
            }
            return Results.File(file.Value!.Content, file.Value.ContentType, file.Value.FileName ?? Path.GetFileName(path));
        }).RequireAuthorization();
        return app;
    }

    /// <summary>Only the exports, invitations, attachments and signed copies pages link to; nothing else of the API is reachable this way.</summary>
    internal static bool DownloadAllowed(string path) =>
        path is "reports/completeness/export" or "reports/consolidated/export" or "units/export" or "reports/audit/export" or "identity/audit/export"
        || (path.StartsWith("coordination/meetings/", StringComparison.Ordinal) && path.EndsWith("/invitation.ics", StringComparison.Ordinal)
            && Guid.TryParse(path["coordination/meetings/".Length..^"/invitation.ics".Length], out _))
        || (path.StartsWith("tasks/attachments/", StringComparison.Ordinal) && Guid.TryParse(path["tasks/attachments/".Length..], out _))
        || (path.StartsWith("coordination/programmes/", StringComparison.Ordinal) && path.EndsWith("/signed-copy", StringComparison.Ordinal)
            && Guid.TryParse(path["coordination/programmes/".Length..^"/signed-copy".Length], out _));

    private static string LocalPath(string? redirect) =>
        redirect is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal) && !r.StartsWith("/\\", StringComparison.Ordinal) ? r : "/";
}
