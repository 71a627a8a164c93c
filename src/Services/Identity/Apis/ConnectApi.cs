using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Identity.Domain;
using Platform.Identity.Extensions;
using Platform.Identity.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Apis;

/// <summary>What the OpenID Connect handlers need, bundled for <c>[AsParameters]</c>.</summary>
public sealed record ConnectServices(
    UserManager<UserAccount> Users,
    SignInManager<UserAccount> SignIn,
    IOpenIddictApplicationManager Applications,
    IdentityServiceOptions Options,
    IHostEnvironment Environment,
    TimeProvider Clock,
    ILogger<ConnectServices> Logger);

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to the application: it has already validated
/// the request (client, redirect URI, PKCE, grant type permissions); these decide who the subject is.
/// </summary>
public static class ConnectApi
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/connect").WithTags("OpenID Connect").ExcludeFromDescription();
        group.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize).DisableAntiforgery();
        group.MapPost("/token", Exchange).DisableAntiforgery();
        group.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], Logout).DisableAntiforgery();
        group.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], UserInfo)
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ServerScheme })
            .DisableAntiforgery();
        return app;
    }

    public static async Task<Results<ChallengeHttpResult, SignInHttpResult, ForbidHttpResult, ContentHttpResult>> Authorize(
        HttpContext http, [AsParameters] ConnectServices services)
    {
        if (http.GetOpenIddictServerResponse() is { Error: { } error } failure)
        {
            return Pages.Error(http, error, failure.ErrorDescription);
        }
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var tooOld = request.MaxAge is { } maxAge && cookie.Properties?.IssuedUtc is { } issued
            && services.Clock.GetUtcNow() - issued > TimeSpan.FromSeconds(maxAge);
        UserAccount? account = null;
        if (cookie.Succeeded && !tooOld && !request.HasPromptValue(PromptValues.Login))
        {
            account = await services.Users.GetUserAsync(cookie.Principal!);
            // An administrator set the password since this session began: the person signs in again and chooses their own.
            if (account is null || account.MustChangePassword || await services.Users.IsLockedOutAsync(account))
            {
                await services.SignIn.SignOutAsync();
                account = null;
            }
        }

        if (account is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, Text.Pick("Cần đăng nhập.", "The user must sign in."));
            }
            // Back to this endpoint after signing in, without prompt=login so it does not loop.
            var parameters = (http.Request.HasFormContentType ? (IEnumerable<KeyValuePair<string, StringValues>>)http.Request.Form : http.Request.Query)
                .Where(p => p.Key != Parameters.Prompt);
            return TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters) },
                [IdentityConstants.ApplicationScheme]);
        }

        var identity = TokenClaims.ForAccount(await SnapshotAsync(services.Users, account), request.GetScopes());
        services.Logger.LogInformation("Authorized {UserName} for client {ClientId}", account.UserName, request.ClientId);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
    }

    public static async Task<Results<SignInHttpResult, ForbidHttpResult>> Exchange(HttpContext http, [AsParameters] ConnectServices services)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            var clientId = request.ClientId!;
            var application = await services.Applications.FindByClientIdAsync(clientId, http.RequestAborted)
                ?? throw new InvalidOperationException($"The client {clientId} passed validation but cannot be found.");
            var name = await services.Applications.GetDisplayNameAsync(application, http.RequestAborted) ?? clientId;
            var unit = PlatformClients.UnitOf(clientId, services.Options);
            var identity = TokenClaims.ForClient(clientId, name, PlatformClients.RolesOf(clientId), unit, request.GetScopes());
            return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
        }

        if (request.IsPasswordGrantType())
        {
            return await PasswordGrantAsync(request, services);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token is valid; the account must still be, and its roles and unit are read afresh.
            var result = await http.AuthenticateAsync(ServerScheme);
            var account = await FindAccountAsync(services.Users, result.Principal?.GetClaim(Claims.Subject));
            if (account is null || await services.Users.IsLockedOutAsync(account))
            {
                return Forbid(Errors.InvalidGrant, account is null ? SignInMessages.AccountGone() : SignInMessages.LockedOut(account));
            }
            if (account.MustChangePassword)
            {
                return Forbid(Errors.InvalidGrant, SignInMessages.MustChangePassword());
            }
            var identity = TokenClaims.ForAccount(await SnapshotAsync(services.Users, account), result.Principal!.GetScopes());
            return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
        }

        return Forbid(Errors.UnsupportedGrantType, Text.Pick("Loại cấp quyền này không được hỗ trợ.", "This grant type is not supported."));
    }

    /// <summary>Development only (OpenIddict refuses the grant elsewhere); honours lockout like the sign-in page.</summary>
    private static async Task<Results<SignInHttpResult, ForbidHttpResult>> PasswordGrantAsync(OpenIddictRequest request, ConnectServices services)
    {
        if (!services.Environment.IsDevelopment())
        {
            return Forbid(Errors.UnsupportedGrantType, Text.Pick("Loại cấp quyền này không được hỗ trợ.", "This grant type is not supported."));
        }
        var account = string.IsNullOrEmpty(request.Username) ? null : await services.Users.FindByNameAsync(request.Username);
        if (account is null)
        {
            return Forbid(Errors.InvalidGrant, SignInMessages.BadCredentials());
        }
        var check = await services.SignIn.CheckPasswordSignInAsync(account, request.Password ?? "", lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            services.Logger.LogWarning("Password grant refused for {UserName}: the account is locked out", account.UserName);
            return Forbid(Errors.InvalidGrant, SignInMessages.LockedOut(account));
        }
        if (!check.Succeeded)
        {
            return Forbid(Errors.InvalidGrant, SignInMessages.BadCredentials());
        }
        // Said only after the right password, so it reveals nothing to someone guessing.
        if (account.MustChangePassword)
        {
            services.Logger.LogWarning("Password grant refused for {UserName}: the password was set by an administrator", account.UserName);
            return Forbid(Errors.InvalidGrant, SignInMessages.MustChangePassword());
        }
        var identity = TokenClaims.ForAccount(await SnapshotAsync(services.Users, account), request.GetScopes());
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: ServerScheme);
    }

    public static async Task<Results<SignOutHttpResult, ContentHttpResult>> Logout(HttpContext http, SignInManager<UserAccount> signIn)
    {
        if (http.GetOpenIddictServerResponse() is { Error: { } error } failure)
        {
            return Pages.Error(http, error, failure.ErrorDescription);
        }
        await signIn.SignOutAsync();
        // OpenIddict redirects to the client's post_logout_redirect_uri when it is registered, else here.
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [ServerScheme]);
    }

    public static async Task<Results<Ok<Dictionary<string, object>>, ChallengeHttpResult>> UserInfo(
        HttpContext http, UserManager<UserAccount> users)
    {
        var result = await http.AuthenticateAsync(ServerScheme);
        var account = await FindAccountAsync(users, result.Principal?.GetClaim(Claims.Subject));
        if (account is null)
        {
            return TypedResults.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = SignInMessages.AccountGone(),
            }), [ServerScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = account.Id.ToString() };
        if (result.Principal!.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = account.DisplayName;
            claims[Claims.PreferredUsername] = account.UserName!;
            claims[TokenClaims.UnitId] = account.UnitId.ToString();
            claims[TokenClaims.UnitCode] = account.UnitCode;
            claims[Claims.Role] = (await users.GetRolesAsync(account)).Order(StringComparer.Ordinal).ToArray();
        }
        return TypedResults.Ok(claims);
    }

    internal static async Task<AccountSnapshot> SnapshotAsync(UserManager<UserAccount> users, UserAccount account) =>
        new(account.Id, account.UserName!, account.DisplayName, account.UnitId, account.UnitCode, [.. await users.GetRolesAsync(account)]);

    private static async Task<UserAccount?> FindAccountAsync(UserManager<UserAccount> users, string? subject) =>
        Guid.TryParse(subject, out var id) ? await users.FindByIdAsync(id.ToString()) : null;

    private static ForbidHttpResult Forbid(string error, string description) =>
        TypedResults.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [ServerScheme]);
}
