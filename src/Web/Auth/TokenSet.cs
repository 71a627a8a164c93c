using System.Globalization;
using Microsoft.AspNetCore.Authentication;

namespace Platform.Web.Auth;

/// <summary>The tokens of one signed-in browser: kept in its (encrypted) authentication ticket, never readable by the browser.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset ExpiresAt)
{
    /// <summary>The tokens the OIDC handler saved into the ticket (<c>SaveTokens</c>); null when the ticket has none.</summary>
    public static TokenSet? From(AuthenticationProperties? properties)
    {
        var accessToken = properties?.GetTokenValue("access_token");
        if (properties is null || accessToken is null) return null;
        var expiresAt = DateTimeOffset.TryParse(properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind, out var at) ? at : DateTimeOffset.MinValue;
        return new TokenSet(accessToken, properties.GetTokenValue("refresh_token"), properties.GetTokenValue("id_token"), expiresAt);
    }

    /// <summary>Writes the tokens into the ticket under the names the OIDC handler uses.</summary>
    public void WriteTo(AuthenticationProperties properties)
    {
        var tokens = new List<AuthenticationToken>
        {
            new() { Name = "access_token", Value = AccessToken },
            new() { Name = "token_type", Value = "Bearer" },
            new() { Name = "expires_at", Value = ExpiresAt.ToString("o", CultureInfo.InvariantCulture) },
        };
        if (RefreshToken is not null) tokens.Add(new() { Name = "refresh_token", Value = RefreshToken });
        if (IdToken is not null) tokens.Add(new() { Name = "id_token", Value = IdToken });
        properties.StoreTokens(tokens);
    }

    /// <summary>Whether the access token expires within <paramref name="before"/> of <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now, TimeSpan before) => ExpiresAt - before <= now;
}
