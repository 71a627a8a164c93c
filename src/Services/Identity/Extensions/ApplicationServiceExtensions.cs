using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Validation.AspNetCore;
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

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var options = IdentityServiceOptions.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);

        builder.AddServiceDatabase<IdentityDbContext>(ResourceNames.IdentityDatabase);
        builder.AddPlatformMessaging<IdentityDbContext>(ResourceNames.Identity,
            bus => bus.AddUnitDirectory<IdentityDbContext>(ResourceNames.Identity));

        // Seeders run in this order after the migrations.
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, ServerKeySeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, ClientSeeder>();
        builder.Services.AddScoped<IDatabaseSeeder<IdentityDbContext>, DemoAccountSeeder>();

        // Sign-in cookies and antiforgery tokens must be readable by every replica and after restarts.
        builder.Services.AddDataProtection()
            .SetApplicationName("platform-identity")
            .PersistKeysToDbContext<IdentityDbContext>();

        builder.AddAccounts();
        builder.AddTokenServer(options);
        builder.Services.AddHostedService<TokenPruner>();
        return builder;
    }

    private static void AddAccounts(this IHostApplicationBuilder builder)
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
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "platform.identity";
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.HttpOnly = true;
            o.LoginPath = "/connect/login";
            o.LogoutPath = "/connect/logout";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "platform.identity.antiforgery";
            o.FormFieldName = "__RequestVerificationToken";
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
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");

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
                    .SetRefreshTokenLifetime(options.RefreshTokenLifetime);

                // Services validate access tokens themselves with the public key from the JWKS.
                server.DisableAccessTokenEncryption();

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
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

        // The keys live in the identity database (see ServerKeySeeder).
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, PersistedServerKeys>();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(TokenClaims.UnitId)
                .RequireRole(PlatformRoles.SystemAdmin));
    }
}
