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
        var e = Pages.Html;
        var errorHtml = error is null ? "" : $"""<p class="error" role="alert" id="error">{e.Encode(error)}</p>""";
        var describedBy = error is null ? "" : """ aria-describedby="error" """;
        var title = Text.Pick("Đăng nhập", "Sign in");
        var form = $$"""
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
            """;
        return Pages.Render(http, title, form, status);
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
