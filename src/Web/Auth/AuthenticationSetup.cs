using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Platform.Web.Auth;

/// <summary>
/// Sign-in through the identity service: authorization code with PKCE for the public client
/// <c>platform-web</c>, a cookie for the browser session, the tokens kept on the server (<see cref="UserTokens"/>).
/// </summary>
public static class AuthenticationSetup
{
    public static IServiceCollection AddWebAuthentication(this IServiceCollection services, WebOptions web)
    {
        services.AddDistributedMemoryCache();
        services.AddSingleton<UserTokens>();
        services.AddHttpClient(UserTokens.TokenClientName);

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
                o.Events.OnSigningIn = MoveTokensToServerAsync;
                o.Events.OnValidatePrincipal = RequireServerTokensAsync;
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
                o.SaveTokens = true; // into the ticket, from where OnSigningIn moves them to the server store
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
                o.Events.OnRedirectToIdentityProviderForSignOut = async context =>
                {
                    context.ProtocolMessage.IssuerAddress = Public(web, context.ProtocolMessage.IssuerAddress);
                    if (context.HttpContext.User.FindFirstValue(UserTokens.SessionClaim) is { } session
                        && await context.HttpContext.RequestServices.GetRequiredService<UserTokens>().FindAsync(session) is { IdToken: { } idToken })
                    {
                        context.ProtocolMessage.IdTokenHint = idToken;
                    }
                };
            });
        return services;
    }

    /// <summary>The same path on the gateway's public URL.</summary>
    internal static string Public(WebOptions web, string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? new Uri(web.PublicUri, uri.PathAndQuery.TrimStart('/')).ToString()
            : address;

    private static async Task MoveTokensToServerAsync(CookieSigningInContext context)
    {
        var accessToken = context.Properties.GetTokenValue("access_token");
        if (accessToken is null || context.Principal?.Identity is not ClaimsIdentity identity) return;
        var session = Guid.NewGuid().ToString("N");
        var expiresAt = DateTimeOffset.TryParse(context.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.UtcNow.AddMinutes(5);
        await context.HttpContext.RequestServices.GetRequiredService<UserTokens>().StoreAsync(session, new TokenSet(
            accessToken, context.Properties.GetTokenValue("refresh_token"), context.Properties.GetTokenValue("id_token"), expiresAt));
        identity.AddClaim(new Claim(UserTokens.SessionClaim, session));
        // The cookie keeps only who the user is; the tokens stay on the server.
        context.Properties.StoreTokens([]);
    }

    /// <summary>A cookie whose tokens the server no longer has (restart, failed refresh) is a signed-out browser.</summary>
    private static async Task RequireServerTokensAsync(CookieValidatePrincipalContext context)
    {
        var session = context.Principal?.FindFirstValue(UserTokens.SessionClaim);
        if (session is not null && await context.HttpContext.RequestServices.GetRequiredService<UserTokens>().FindAsync(session) is not null) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
