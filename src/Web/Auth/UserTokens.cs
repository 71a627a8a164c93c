using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Platform.Web.Auth;

/// <summary>The tokens of one signed-in browser session, held on the server only.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The server side of the BFF: the user's tokens never reach the browser. The sign-in cookie carries a
/// session key (claim <see cref="SessionClaim"/>); the tokens sit in the distributed cache under it (in
/// memory for one replica; a shared cache makes it work across replicas). A Blazor circuit cannot rewrite
/// the cookie, so refreshed tokens are written here, where both circuits and plain requests read them.
/// </summary>
public sealed class UserTokens(IDistributedCache cache, IHttpClientFactory clients, IOptionsMonitor<OpenIdConnectOptions> oidc,
    IOptions<WebOptions> options, TimeProvider clock, ILogger<UserTokens> logger)
{
    public const string SessionClaim = "web_session";
    public const string TokenClientName = "identity-token";
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();

    public async Task StoreAsync(string session, TokenSet tokens, CancellationToken ct = default) =>
        await cache.SetStringAsync(Key(session), JsonSerializer.Serialize(tokens),
            new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromDays(1) }, ct);

    public async Task<TokenSet?> FindAsync(string session, CancellationToken ct = default)
    {
        var json = await cache.GetStringAsync(Key(session), ct);
        return json is null ? null : JsonSerializer.Deserialize<TokenSet>(json);
    }

    public Task RemoveAsync(string session, CancellationToken ct = default) => cache.RemoveAsync(Key(session), ct);

    /// <summary>An access token that is valid for a while yet: refreshed first when it is about to expire; null when the session is gone.</summary>
    public async Task<string?> AccessTokenAsync(string session, CancellationToken ct = default)
    {
        var tokens = await FindAsync(session, ct);
        if (tokens is null) return null;
        if (tokens.ExpiresAt - options.Value.RefreshBefore > clock.GetUtcNow()) return tokens.AccessToken;

        var gate = Locks.GetOrAdd(session, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Another call may have refreshed while this one waited.
            tokens = await FindAsync(session, ct);
            if (tokens is null) return null;
            if (tokens.ExpiresAt - options.Value.RefreshBefore > clock.GetUtcNow()) return tokens.AccessToken;
            var refreshed = await RefreshAsync(tokens, ct);
            if (refreshed is null)
            {
                await RemoveAsync(session, ct);
                return null;
            }
            await StoreAsync(session, refreshed, ct);
            return refreshed.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TokenSet?> RefreshAsync(TokenSet tokens, CancellationToken ct)
    {
        if (tokens.RefreshToken is null) return null;
        var settings = oidc.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await settings.ConfigurationManager!.GetConfigurationAsync(ct);
        using var response = await clients.CreateClient(TokenClientName).PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = settings.ClientId!,
                ["refresh_token"] = tokens.RefreshToken,
            }), ct);
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

    private static string Key(string session) => "web-tokens:" + session;
}
