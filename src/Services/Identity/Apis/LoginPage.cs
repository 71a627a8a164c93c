using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Platform.Identity.Domain;

namespace Platform.Identity.Apis;

/// <summary>
/// The sign-in page of the authorization-code flow: server-rendered, works without JavaScript,
/// Vietnamese by default (English with <c>Accept-Language: en</c>). Failed attempts count towards
/// lockout exactly as the token endpoint's do.
/// </summary>
public static class LoginPage
{
    public const string Path = "/connect/login";

    /// <summary>Encodes markup but keeps Vietnamese letters readable in the page source.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show).ExcludeFromDescription();
        // Antiforgery is checked by hand so an expired form shows the page again instead of an error.
        app.MapPost(Path, SignIn).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    public static ContentHttpResult Show(HttpContext http, IAntiforgery antiforgery, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
        Render(http, antiforgery, SafeReturnUrl(returnUrl), userName: null, error: null, StatusCodes.Status200OK);

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> SignIn(
        HttpContext http,
        IAntiforgery antiforgery,
        UserManager<UserAccount> users,
        SignInManager<UserAccount> signIn,
        ILogger<LoginForm> logger,
        [FromForm] LoginForm form)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.SessionExpired(), StatusCodes.Status400BadRequest);
        }
        if (string.IsNullOrWhiteSpace(form.UserName) || string.IsNullOrEmpty(form.Password))
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.Missing(), StatusCodes.Status400BadRequest);
        }

        var account = await users.FindByNameAsync(form.UserName.Trim());
        if (account is null)
        {
            return Render(http, antiforgery, returnUrl, form.UserName, SignInMessages.BadCredentials(), StatusCodes.Status401Unauthorized);
        }
        var result = await signIn.PasswordSignInAsync(account, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("{UserName} signed in", account.UserName);
            return TypedResults.LocalRedirect(returnUrl);
        }
        var message = result.IsLockedOut ? SignInMessages.LockedOut(account) : SignInMessages.BadCredentials();
        return Render(http, antiforgery, returnUrl, form.UserName, message, StatusCodes.Status401Unauthorized);
    }

    /// <summary>Only a path on this site: an open redirect would let a link send a signed-in user anywhere.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static ContentHttpResult Render(HttpContext http, IAntiforgery antiforgery, string returnUrl, string? userName, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";

        var e = Html;
        var lang = Text.IsEnglish ? "en" : "vi";
        var title = Text.Pick("Đăng nhập", "Sign in");
        var system = Text.Pick("Hệ thống điều hành ngành Giáo dục và Đào tạo Hải Phòng", "Hai Phong Education and Training operations platform");
        var errorHtml = error is null ? "" : $"""<p class="error" role="alert" id="error">{e.Encode(error)}</p>""";
        var describedBy = error is null ? "" : """ aria-describedby="error" """;
        var html = $$"""
            <!DOCTYPE html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{e.Encode(title)}} – {{e.Encode(system)}}</title>
            <style>
            body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; background: #f3f5f8; margin: 0; color: #1b1f24; }
            main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
            h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
            .system { color: #4a5360; margin: 0 0 1.5rem; }
            label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
            input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #8a94a3; border-radius: .25rem; }
            input:focus { outline: 3px solid #2f6fde; outline-offset: 1px; }
            button { margin-top: 1.5rem; width: 100%; padding: .7rem; font-size: 1rem; font-weight: 600; background: #1d4fa8; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
            .error { background: #fdecea; color: #8a1c12; border: 1px solid #f5c2bd; padding: .75rem; border-radius: .25rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>{{e.Encode(title)}}</h1>
            <p class="system">{{e.Encode(system)}}</p>
            {{errorHtml}}
            <form method="post" action="{{e.Encode(http.Request.PathBase + Path)}}">
            <input type="hidden" name="{{e.Encode(tokens.FormFieldName)}}" value="{{e.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{e.Encode(returnUrl)}}">
            <label for="username">{{e.Encode(Text.Pick("Tên đăng nhập", "User name"))}}</label>
            <input id="username" name="username" autocomplete="username" required autofocus value="{{e.Encode(userName ?? "")}}"{{describedBy}}>
            <label for="password">{{e.Encode(Text.Pick("Mật khẩu", "Password"))}}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">{{e.Encode(title)}}</button>
            </form>
            </main>
            </body>
            </html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}

/// <summary>The sign-in form's fields.</summary>
public sealed class LoginForm
{
    [FromForm(Name = "username")]
    public string? UserName { get; init; }

    [FromForm(Name = "password")]
    public string? Password { get; init; }

    [FromForm(Name = "returnUrl")]
    public string? ReturnUrl { get; init; }
}
