using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Platform.Web.Auth;

/// <summary>
/// Sign-in through the identity service: authorization code with PKCE for the public client
/// <c>platform-web</c>. The tokens travel in the encrypted authentication cookie (<c>SaveTokens</c>), so the web
/// client keeps no session state: any replica that shares the Data Protection keys serves any browser.
/// </summary>
public static class AuthenticationSetup
{
    public const string DataProtectionApplicationName = "platform-web";

    public static IServiceCollection AddWebAuthentication(this IServiceCollection services, WebOptions web)
    {
        // One key ring for every replica: the cookie, the OIDC correlation and Blazor's circuit state are
        // readable wherever the next request lands.
        var dataProtection = services.AddDataProtection().SetApplicationName(DataProtectionApplicationName);
        if (web.DataProtectionKeysPath is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<TokenRefresher>();
        services.AddSingleton<SessionRenewal>();
        services.AddScoped<SessionTokens>();
        services.AddScoped<CircuitHandler, SessionTokensCircuitHandler>();
        services.AddHttpClient(TokenRefresher.TokenClientName);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "platform-web";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = RefreshTokensAsync;
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = web.PublicUri.ToString();
                o.MetadataAddress = web.MetadataAddress ?? new Uri(web.PublicUri, ".well-known/openid-configuration").ToString();
                o.RequireHttpsMetadata = web.PublicUri.Scheme == Uri.UriSchemeHttps;
                o.ClientId = web.ClientId;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                o.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "offline_access", "api" }) o.Scope.Add(scope);
                o.SaveTokens = true; // into the (encrypted) ticket: the cookie is the whole session
                o.GetClaimsFromUserInfoEndpoint = false; // the identity token carries name, unit and roles (profile scope)
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = "role";
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    // Discovery read from identity directly names its internal address: the browser goes through the gateway.
                    context.ProtocolMessage.IssuerAddress = Public(web, context.ProtocolMessage.IssuerAddress);
                    context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToIdentityProviderForSignOut = context =>
                {
                    context.ProtocolMessage.IssuerAddress = Public(web, context.ProtocolMessage.IssuerAddress);
                    return Task.CompletedTask;
                };
                o.Events.OnRemoteFailure = SignInUnavailable.HandleRemoteFailureAsync;
            });
        return services;
    }

    /// <summary>The same path on the gateway's public URL.</summary>
    internal static string Public(WebOptions web, string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? new Uri(web.PublicUri, uri.PathAndQuery.TrimStart('/')).ToString()
            : address;

    /// <summary>
    /// On each request that needs the user (not static files, not the renewal itself), an access token about to
    /// expire is refreshed and the cookie rewritten; a ticket without tokens or whose refresh identity refuses is
    /// a signed-out browser.
    /// </summary>
    internal static async Task RefreshTokensAsync(CookieValidatePrincipalContext context)
    {
        var tokens = TokenSet.From(context.Properties);
        if (tokens is null)
        {
            await RejectAsync(context);
            return;
        }
        var metadata = context.HttpContext.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<IAllowAnonymous>() is not null || metadata?.GetMetadata<SkipTokenRefreshAttribute>() is not null) return;

        var services = context.HttpContext.RequestServices;
        var before = services.GetRequiredService<IOptions<WebOptions>>().Value.RefreshBefore;
        if (!tokens.IsDue(services.GetRequiredService<TimeProvider>().GetUtcNow(), before)) return;
        var refreshed = await services.GetRequiredService<TokenRefresher>().RefreshAsync(tokens, context.HttpContext.RequestAborted);
        if (refreshed is null)
        {
            await RejectAsync(context);
            return;
        }
        if (refreshed == tokens) return;
        refreshed.WriteTo(context.Properties);
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
