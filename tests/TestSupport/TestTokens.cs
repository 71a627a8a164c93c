using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults;

namespace Platform.Testing;

/// <summary>
/// Access tokens for service tests, shaped exactly like the identity service's (sub, name, unit_id,
/// role, audience platform-api), signed by a key the service under test is told to trust.
/// </summary>
public static class TestTokens
{
    public const string Issuer = "http://identity.test/";
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test-signing-key" };
    private static readonly RsaSecurityKey ForeignKey = new(RSA.Create(2048)) { KeyId = "test-signing-key" };

    public static string Create(Guid unitId, params string[] roles) => Create($"user-{Guid.NewGuid():N}", unitId, roles);

    public static string Create(string subject, Guid unitId, IEnumerable<string> roles, string audience = AuthenticationDefaults.Audience,
        DateTime? expires = null, bool signedByStranger = false)
    {
        var claims = new Dictionary<string, object>
        {
            [PlatformUser.SubjectClaim] = subject,
            [PlatformUser.NameClaim] = $"Người dùng {subject}",
            [PlatformUser.UnitClaim] = unitId.ToString(),
            [PlatformUser.RoleClaim] = roles.ToArray(),
            ["scope"] = "openid api",
        };
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(signedByStranger ? ForeignKey : Key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Makes the service trust <see cref="Create(Guid, string[])"/> tokens instead of fetching the identity service's keys.</summary>
    public static IServiceCollection TrustTestTokens(this IServiceCollection services) =>
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
            configuration.SigningKeys.Add(Key);
            options.Configuration = configuration;
            options.ConfigurationManager = new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.IssuerSigningKey = Key;
        });

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
