using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service validates the identity service's access tokens itself (the gateway checks them too,
/// but a service never trusts the network). Configuration: <c>Auth:Authority</c> (the issuer, the
/// public gateway URL) and optionally <c>Auth:MetadataAddress</c> (where to read signing keys).
/// A token whose account an administrator has locked is refused from the next <see cref="LockedAccountsPoller"/>
/// poll on (<c>Auth:LockedAccountsPollInterval</c>, default 20 s; <c>Auth:IdentityAddress</c> if identity is not
/// the host of the metadata address).
/// </summary>
public static class AuthenticationDefaults
{
    public const string Audience = "platform-api";

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        var authority = section["Authority"] ?? "http://localhost:8080/";
        var metadataAddress = section["MetadataAddress"] ?? $"{authority.TrimEnd('/')}/.well-known/openid-configuration";
        builder.Services.AddSingleton<LockedAccounts>();
        var pollInterval = section.GetValue("LockedAccountsPollInterval", DefaultLockedAccountsPollInterval);
        if (pollInterval > TimeSpan.Zero)
        {
            builder.Services.AddHttpClient(LockedAccountsPoller.ClientName);
            builder.Services.AddHostedService(sp => new LockedAccountsPoller(
                sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<LockedAccounts>(),
                LockedAccountsPoller.EndpointFrom(section, metadataAddress), pollInterval,
                sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetRequiredService<ILogger<LockedAccountsPoller>>()));
        }
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = authority;
                options.MetadataAddress = metadataAddress;
                options.RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", false);
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = Audience,
                    NameClaimType = PlatformUser.NameClaim,
                    RoleClaimType = PlatformUser.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = RejectLockedAccount,
                    // 401/403 answer with ProblemDetails like every other error.
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized,
                            Text.Pick("Chưa xác thực.", "Not authenticated."),
                            Text.Pick("Cần đăng nhập: gửi access token hợp lệ trong tiêu đề Authorization.",
                                "Sign in first: send a valid access token in the Authorization header."));
                    },
                    OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                        Text.Pick("Không có quyền.", "Forbidden."),
                        Text.Pick("Vai trò của bạn không được phép thực hiện thao tác này.", "Your role may not do this.")),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PlatformUser.UnitClaim).Build());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped(sp => PlatformUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new())
            ?? PlatformUser.Anonymous);
        return builder;
    }

    public static readonly TimeSpan DefaultLockedAccountsPollInterval = TimeSpan.FromSeconds(20);

    /// <summary>A valid token of an account an administrator has locked since it was issued is refused.</summary>
    public static Task RejectLockedAccount(TokenValidatedContext context)
    {
        var locked = context.HttpContext.RequestServices.GetRequiredService<LockedAccounts>();
        if (locked.IsLocked(context.Principal?.FindFirst(PlatformUser.SubjectClaim)?.Value))
        {
            context.Fail("The account is locked.");
        }
        return Task.CompletedTask;
    }

    internal static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
