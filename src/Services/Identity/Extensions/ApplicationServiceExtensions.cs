using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Validation;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
using Platform.Identity.Consumers;
using Platform.Identity.Domain;
using Platform.Identity.Infrastructure;
using Platform.Messaging;
using Platform.ServiceDefaults;
using Platform.UnitDirectory;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Extensions;

internal static class ApplicationServiceExtensions
{
    /// <summary>Only system administrators, with a token from this server, manage accounts.</summary>
    public const string AdminPolicy = "identity-admin";

    /// <summary>Only the data-protection officer, with a token from this server, reviews the audit trail (not SystemAdmin).</summary>
    public const string AuditPolicy = "identity-audit";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = IdentityServiceOptions.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Refuses to start without the key that encrypts the token server's private keys.
        builder.Services.AddSingleton(KeyProtector.From(options));
        builder.Services.AddSingleton<ServerKeyStore>();

        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDatabase);
        builder.AddPlatformMessaging<IdentityDbContext>(ResourceNames.Identity, bus =>
        {
            bus.AddUnitDirectory<IdentityDbContext>(ResourceNames.Identity);
            bus.AddConsumer<RepublishUserAccountsConsumer>();
        });

        // Seeders run in this order after the migrations.
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, ServerKeySeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, ClientSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, DemoAccountSeeder>();

        // Sign-in cookies and antiforgery tokens must be readable by every replica and after restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("platform-identity")
            .PersistKeysToDbContext<IdentityDbContext>();

        builder.AddAccounts(options);
        builder.TrustGatewayForwardedHeaders(options);
        builder.AddTokenServer(options);
        builder.Services.AddHostedService<TokenPruner>();
        return builder;
    }

    private static void AddAccounts(this IHostApplicationBuilder builder, IdentityServiceOptions options)
    {
        builder.Services.AddIdentity<UserAccount, IdentityRole<Guid>>(o =>
            {
                o.Password.RequiredLength = AccountRules.PasswordMinLength;
                o.Password.RequireUppercase = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Lockout.MaxFailedAccessAttempts = AccountRules.MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = AccountRules.LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = AccountRules.UserNameCharacters;
                o.User.RequireUniqueEmail = false;
                o.SignIn.RequireConfirmedAccount = false;
                o.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                o.ClaimsIdentity.UserNameClaimType = Claims.Name;
                o.ClaimsIdentity.RoleClaimType = Claims.Role;
            })
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddUserManager<AuditedUserManager>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "platform.identity";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = options.RequireHttps == true ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/connect/login";
            o.LogoutPath = "/connect/logout";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Behind the gateway this service's own host name means nothing to a browser: send a path only.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(Uri.TryCreate(context.RedirectUri, UriKind.Absolute, out var absolute)
                    ? absolute.PathAndQuery
                    : context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "platform.identity.antiforgery";
            o.Cookie.SecurePolicy = options.RequireHttps == true ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });
    }

    /// <summary>
    /// The gateway forwards with X-Forwarded-Host/Proto/Prefix. Honouring them makes the discovery
    /// document name the public addresses for browsers, while services that call this one directly get
    /// its internal addresses. Only the issuer's host is accepted as a forwarded host, so a direct caller
    /// cannot make the server describe itself as somewhere else.
    /// </summary>
    private static void TrustGatewayForwardedHeaders(this IHostApplicationBuilder builder, IdentityServiceOptions options)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            // The gateway's address comes from service discovery and is not known here.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.AllowedHosts = [new Uri(options.Issuer).Host];
        });
    }

    private static void AddTokenServer(this IHostApplicationBuilder builder, IdentityServiceOptions options)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(options.Issuer, UriKind.Absolute))
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetRevocationEndpointUris("connect/revocation")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");

                // PKCE with S256 only: "plain" would hand the verifier to anyone who sees the authorize URL.
                server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowClientCredentialsFlow()
                    .AllowRefreshTokenFlow();
                if (development)
                {
                    // Scripts and tests get tokens without a browser; never outside Development.
                    server.AllowPasswordFlow();
                }

                server.RegisterScopes([.. TokenClaims.SupportedScopes]);
                server.RegisterClaims(Claims.Subject, Claims.Name, Claims.PreferredUsername, Claims.Role, TokenClaims.UnitId, TokenClaims.UnitCode);
                server.SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime)
                    // A refreshed token keeps the expiry of the one it replaces: the lifetime counts from sign-in.
                    .DisableSlidingRefreshTokenExpiration();

                // Services validate access tokens themselves with the public key from the JWKS.
                server.DisableAccessTokenEncryption();

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (options.RequireHttps == false)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(TokenClaims.ApiAudience);
                validation.UseAspNetCore();
            });

        // The keys live in the identity database (see ServerKeyStore), rotated and reloaded by ServerKeyRotator.
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, PersistedServerKeys>();
        builder.Services.AddSingleton<ServerKeyReload>();
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, ServerKeyReload.ServerSource>();
        builder.Services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, ServerKeyReload.ValidationSource>();
        builder.Services.AddSingleton<ServerKeyRotator>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ServerKeyRotator>());

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(TokenClaims.UnitId)
                .RequireRole(PlatformRoles.SystemAdmin))
            .AddPolicy(AuditPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(TokenClaims.UnitId)
                .RequireRole(PlatformRoles.DataProtectionOfficer));
    }
}
