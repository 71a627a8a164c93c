using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Platform.Web.Auth;

/// <summary>Redeems a refresh token at identity's token endpoint (public client, no secret).</summary>
public sealed class TokenRefresher(IHttpClientFactory clients, IOptionsMonitor<OpenIdConnectOptions> oidc, TimeProvider clock,
    ILogger<TokenRefresher> logger)
{
    public const string TokenClientName = "identity-token";

    /// <summary>The new tokens, or null when identity refused (revoked, expired): the user signs in again.</summary>
    public async Task<TokenSet?> RefreshAsync(TokenSet tokens, CancellationToken ct = default)
    {
        if (tokens.RefreshToken is null) return null;
        var settings = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var endpoint = settings.Configuration?.TokenEndpoint
            ?? (await settings.ConfigurationManager!.GetConfigurationAsync(ct)).TokenEndpoint;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(TokenClientName).PostAsync(endpoint, new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["client_id"] = settings.ClientId!,
                    ["refresh_token"] = tokens.RefreshToken,
                }), ct);
        }
        catch (HttpRequestException e)
        {
            // Identity away for a moment: the current token is kept while it is still valid.
            logger.LogWarning(e, "Identity could not be reached to refresh an access token");
            return tokens.ExpiresAt > clock.GetUtcNow() ? tokens : null;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("Refreshing the access token failed with {StatusCode}; the user signs in again", (int)response.StatusCode);
                return null;
            }
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = body.RootElement;
            var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 300;
            return new TokenSet(
                root.GetProperty("access_token").GetString()!,
                root.TryGetProperty("refresh_token", out var r) ? r.GetString() : tokens.RefreshToken,
                root.TryGetProperty("id_token", out var i) ? i.GetString() : tokens.IdToken,
                clock.GetUtcNow().AddSeconds(expiresIn));
        }
    }

    /// <summary>
    /// Revokes the refresh token at identity's revocation endpoint (on sign-out), so a copy of the cookie cannot
    /// mint new access tokens. Best effort: a failure is logged and the sign-out goes on.
    /// </summary>
    public async Task RevokeAsync(TokenSet? tokens, CancellationToken ct = default)
    {
        if (tokens?.RefreshToken is null) return;
        try
        {
            var settings = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
            var configuration = settings.Configuration ?? await settings.ConfigurationManager!.GetConfigurationAsync(ct);
            var endpoint = configuration.AdditionalData.TryGetValue("revocation_endpoint", out var value) && value?.ToString() is { Length: > 0 } uri
                ? uri
                : new Uri(new Uri(configuration.TokenEndpoint), "revocation").ToString();
            using var response = await clients.CreateClient(TokenClientName).PostAsync(endpoint, new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["client_id"] = settings.ClientId!,
                    ["token"] = tokens.RefreshToken,
                    ["token_type_hint"] = "refresh_token",
                }), ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Revoking the refresh token on sign-out failed with {StatusCode}", (int)response.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            logger.LogWarning(e, "Identity could not be reached to revoke the refresh token on sign-out");
        }
    }
}
