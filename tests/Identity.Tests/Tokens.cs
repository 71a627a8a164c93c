using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Infrastructure;

namespace Platform.Identity.Tests;

/// <summary>An answer of the token endpoint.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Body.TryGetProperty("access_token", out var t) ? t.GetString() : null;
    public string? RefreshToken => Body.TryGetProperty("refresh_token", out var t) ? t.GetString() : null;
    public string? IdToken => Body.TryGetProperty("id_token", out var t) ? t.GetString() : null;
    public string? Error => Body.TryGetProperty("error", out var e) ? e.GetString() : null;
    public string? ErrorDescription => Body.TryGetProperty("error_description", out var e) ? e.GetString() : null;

    public JsonWebToken Jwt => new(AccessToken ?? throw new InvalidOperationException($"No access token: {Body}"));

    public override string ToString() => $"{(int)Status} {Body}";
}

public static class Tokens
{
    public const string DefaultScope = "openid profile offline_access api";

    public static Task<TokenResponse> PasswordAsync(HttpClient client, string userName, string password,
        string scope = DefaultScope, string? language = null) =>
        RequestAsync(client, new()
        {
            ["grant_type"] = "password",
            ["client_id"] = PlatformClients.Cli,
            ["username"] = userName,
            ["password"] = password,
            ["scope"] = scope,
        }, language);

    public static async Task<string> AccessTokenAsync(HttpClient client, string userName, string password = DemoAccounts.Password)
    {
        var response = await PasswordAsync(client, userName, password);
        Assert.True(response.Status == HttpStatusCode.OK, $"password grant for {userName}: {response}");
        return response.AccessToken!;
    }

    public static async Task<TokenResponse> RequestAsync(HttpClient client, Dictionary<string, string> form, string? language = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TokenResponse(response.StatusCode, body);
    }

    /// <summary>Validates a token the way a platform service would: signature by the JWKS, issuer, audience, lifetime.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(string token, JsonWebKeySet keys)
    {
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = IdentityHost.Issuer,
            ValidAudience = "platform-api",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidateLifetime = true,
        });
    }

    public static async Task<JsonWebKeySet> KeysAsync(HttpClient client) =>
        new(await client.GetStringAsync("/.well-known/jwks"));

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
