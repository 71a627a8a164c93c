using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service validates the identity service's access tokens itself (the gateway checks them too,
/// but a service never trusts the network). Configuration: <c>Auth:Authority</c> (the issuer, the
/// public gateway URL) and optionally <c>Auth:MetadataAddress</c> (where to read signing keys).
/// </summary>
public static class AuthenticationDefaults
{
    public const string Audience = "platform-api";

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Auth");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = section["Authority"] ?? "http://localhost:8080/";
                options.MetadataAddress = section["MetadataAddress"] ?? $"{options.Authority.TrimEnd('/')}/.well-known/openid-configuration";
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
